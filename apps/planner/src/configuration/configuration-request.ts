import { GroupMemberV1, ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { Stack, StackResource } from '@cfn/persistence';
import {
  CONFIGURATION_METADATA_KEYS,
  configurationGroupName,
  evaluate,
  EvaluationContext,
  TemplateDocument,
  userDataConfigSets,
  userDataScript,
} from '@cfn/template';

import { stackEvaluationContext } from '../stack-engine/stack-evaluation';
import { ResourceStatus } from '../stack-engine/statuses';

const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

export function hasConfigurationMetadata(template: TemplateDocument, logicalId: string): boolean {
  const metadata = template.Resources[logicalId]?.Metadata as Record<string, unknown> | undefined;
  return !!metadata && CONFIGURATION_METADATA_KEYS.some((key) => key in metadata);
}

/**
 * The configuration group a resource belongs to (`CloudStack::Configure: { group: <name> }`): every member is
 * created before any is configured, and each sees all members' addresses and its own index (in logical-id order).
 */
export function configurationGroupOf(template: TemplateDocument, logicalId: string): string | null {
  return configurationGroupName(template.Resources[logicalId]);
}

export interface ConfigurationGroup {
  name: string;
  members: GroupMemberV1[];
}

/** The group as its members see it: each member's index (in logical-id order) and address. */
export function configurationGroup(name: string, members: StackResource[]): ConfigurationGroup {
  const sorted = [...members].sort((a, b) => (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0));
  return {
    name,
    members: sorted.map((member, index) => ({
      logicalId: member.logicalId,
      index,
      address: String(member.attributes?.PrivateIp ?? ''),
    })),
  };
}

/** CreationPolicy.ResourceSignal.Timeout (ISO-8601, e.g. PT15M) in seconds, as AWS reads it. */
export function creationTimeoutSeconds(template: TemplateDocument, logicalId: string): number {
  const timeout = (
    template.Resources[logicalId]?.CreationPolicy as { ResourceSignal?: { Timeout?: string } } | undefined
  )?.ResourceSignal?.Timeout;
  const match = typeof timeout === 'string' ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(timeout) : null;
  if (!match || (!match[1] && !match[2] && !match[3])) return DEFAULT_TIMEOUT_SECONDS;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/**
 * What the configurator needs to configure one VM: where to log in, the resource's Metadata with intrinsic
 * functions evaluated, and the stack's facts (parameters, NoEcho names, every created resource's attributes).
 */
export function configurationRequest(
  stack: Stack,
  resource: StackResource,
  all: StackResource[],
  operationId: string,
  group: ConfigurationGroup | null,
): ResourceConfigureRequestedV1 {
  const template = stack.template as TemplateDocument;
  const ctx = stackEvaluationContext(stack, all);
  const metadata = (evaluate(template.Resources[resource.logicalId].Metadata ?? {}, ctx) ?? {}) as Record<
    string,
    unknown
  >;
  const created = all.filter((r) => r.status === ResourceStatus.CreateComplete || r.physicalId !== null);
  const configSets = userDataConfigSetsOf(template, resource.logicalId, ctx);
  return {
    operationId,
    stackId: stack.id,
    stackName: stack.name,
    logicalId: resource.logicalId,
    resourceType: resource.resourceType,
    host: { address: String(resource.attributes?.PrivateIp ?? ''), port: 22, user: 'root' },
    metadata,
    ...(configSets ? { configSets } : {}),
    facts: {
      parameters: stack.parameters,
      secrets: stack.noEchoParameters,
      resources: Object.fromEntries(
        created.map((r) => [r.logicalId, { physicalId: r.physicalId, attributes: r.attributes ?? {} }]),
      ),
      groups: group ? { [group.name]: group.members } : {},
      self: {
        logicalId: resource.logicalId,
        index: group ? group.members.findIndex((member) => member.logicalId === resource.logicalId) : 0,
        group: group?.name ?? null,
      },
    },
    timeoutSeconds: creationTimeoutSeconds(template, resource.logicalId),
  };
}

/**
 * The config sets the resource's own UserData names to cfn-init (-c/--configsets), so the configurator applies
 * what the helper would. A UserData that cannot be evaluated here counts as one that does not call cfn-init.
 */
function userDataConfigSetsOf(
  template: TemplateDocument,
  logicalId: string,
  ctx: EvaluationContext,
): string[] | undefined {
  const userData = (template.Resources[logicalId]?.Properties as Record<string, unknown> | undefined)?.UserData;
  if (userData === undefined) return undefined;
  let script: string | undefined;
  try {
    script = userDataScript(evaluate(userData, ctx));
  } catch {
    return undefined;
  }
  return script === undefined ? undefined : userDataConfigSets(script, logicalId);
}

/**
 * The configuration request of a resource whose VM exists, with its group (every member as the rows show it) when
 * it belongs to one: for a request sent again, or for a VM that replaces another in an update.
 */
export function configurationRequestOf(
  stack: Stack,
  resource: StackResource,
  all: StackResource[],
  operationId: string,
): ResourceConfigureRequestedV1 {
  const template = stack.template as TemplateDocument;
  const groupName = configurationGroupOf(template, resource.logicalId);
  const group = groupName
    ? configurationGroup(
        groupName,
        all.filter((member) => configurationGroupOf(template, member.logicalId) === groupName),
      )
    : null;
  return configurationRequest(stack, resource, all, operationId, group);
}
