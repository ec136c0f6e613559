import { isDeepStrictEqual } from 'node:util';

import { Stack, StackResource } from '@cfn/persistence';
import { changedPropertyNames, CheckedStackTemplate, ResourceRegistry } from '@cfn/resources';
import { conditionHolds, DependencyGraph, evaluate, stackEvaluationContextOf, TemplateDocument } from '@cfn/template';

/** One entry of DescribeChangeSet's Changes, in AWS's shape. */
export interface ResourceChangeEntry {
  Type: 'Resource';
  ResourceChange: {
    Action: 'Add' | 'Modify' | 'Remove';
    LogicalResourceId: string;
    PhysicalResourceId?: string;
    ResourceType: string;
    Replacement?: 'True' | 'False' | 'Conditional';
    Scope: string[];
    Details: Array<Record<string, unknown>>;
  };
}

const MARK = '{{cfn-change-set:';
const markerOf = (logicalId: string) => `${MARK}${logicalId}}}`;

/**
 * What executing an update would do to each resource, as AWS describes it. Each resource's new properties are
 * evaluated against what the stack has now, in dependency order; where they refer to a resource that will be
 * replaced, the value is not known yet (Evaluation Dynamic, ChangeSource ResourceReference, and Replacement
 * Conditional when that property needs it).
 */
export function changesOfUpdate(
  registry: ResourceRegistry,
  stack: Stack,
  rows: StackResource[],
  next: CheckedStackTemplate,
): ResourceChangeEntry[] {
  const template = next.template;
  const previousTemplate = stack.template as TemplateDocument;
  const byId = new Map(rows.filter((row) => row.status !== null).map((row) => [row.logicalId, row]));
  const facts = {
    template,
    parameters: next.parameters,
    accountId: stack.accountId,
    region: stack.region,
    stackArn: stack.arn,
    stackName: stack.name,
    availabilityZones: stack.availabilityZones ?? [],
  };
  const conditions = stackEvaluationContextOf(facts, []);
  const included = new Set(
    Object.keys(template.Resources ?? {}).filter((logicalId) =>
      conditionHolds(template.Resources[logicalId].Condition, conditions),
    ),
  );
  const graph = new DependencyGraph(template, { include: (logicalId) => included.has(logicalId) });
  const replaced = new Set<string>();
  const changes: ResourceChangeEntry[] = [];
  for (const logicalId of graph.topologicalOrder()) {
    const definition = template.Resources[logicalId];
    const row = byId.get(logicalId);
    if (!row) {
      changes.push(entry('Add', logicalId, definition.Type, undefined, undefined, []));
      continue;
    }
    const ctx = stackEvaluationContextOf(
      facts,
      [...byId.values()].map((resource) =>
        replaced.has(resource.logicalId)
          ? {
              logicalId: resource.logicalId,
              complete: true,
              physicalId: markerOf(resource.logicalId),
              attributes: unknownAttributes(resource.logicalId),
            }
          : {
              logicalId: resource.logicalId,
              complete: true,
              physicalId: resource.physicalId,
              attributes: resource.attributes,
            },
      ),
    );
    let properties: Record<string, unknown>;
    try {
      properties = (evaluate(definition.Properties ?? {}, ctx) ?? {}) as Record<string, unknown>;
    } catch {
      replaced.add(logicalId);
      changes.push(entry('Modify', logicalId, definition.Type, row.physicalId ?? undefined, 'Conditional', []));
      continue;
    }
    const names = changedPropertyNames(row.properties ?? {}, properties);
    if (names.length === 0) continue;
    const plugin = registry.get(definition.Type);
    const details = names.map((name) => {
      const text = JSON.stringify(properties[name] ?? null);
      const dynamic = text.includes(MARK);
      const requires = plugin?.update ? (plugin.updateBehaviour?.[name] ?? 'Replacement') : 'Replacement';
      const sameInTemplate = isDeepStrictEqual(
        previousTemplate.Resources?.[logicalId]?.Properties?.[name],
        definition.Properties?.[name],
      );
      const causingEntity = dynamic ? text.slice(text.indexOf(MARK) + MARK.length).split('}}')[0] : undefined;
      return {
        Target: {
          Attribute: name === 'Tags' ? 'Tags' : 'Properties',
          ...(name === 'Tags' ? {} : { Name: name }),
          RequiresRecreation: requires === 'Replacement' ? (dynamic ? 'Conditionally' : 'Always') : 'Never',
        },
        Evaluation: dynamic ? 'Dynamic' : 'Static',
        ChangeSource: dynamic ? 'ResourceReference' : sameInTemplate ? 'ParameterReference' : 'DirectModification',
        ...(causingEntity ? { CausingEntity: causingEntity } : {}),
      };
    });
    const recreation = details.map((detail) => (detail.Target as { RequiresRecreation: string }).RequiresRecreation);
    const replacement = recreation.includes('Always')
      ? 'True'
      : recreation.includes('Conditionally')
        ? 'Conditional'
        : 'False';
    if (replacement !== 'False') replaced.add(logicalId);
    const scope = [...new Set(details.map((detail) => (detail.Target as { Attribute: string }).Attribute))];
    changes.push(entry('Modify', logicalId, definition.Type, row.physicalId ?? undefined, replacement, details, scope));
  }
  for (const row of byId.values()) {
    if (!included.has(row.logicalId))
      changes.push(entry('Remove', row.logicalId, row.resourceType, row.physicalId ?? undefined, undefined, []));
  }
  return changes;
}

/** A CREATE change set adds every resource of the template. */
export function changesOfCreate(checked: CheckedStackTemplate, included: string[]): ResourceChangeEntry[] {
  return included.map((logicalId) =>
    entry('Add', logicalId, checked.template.Resources[logicalId].Type, undefined, undefined, []),
  );
}

function entry(
  action: 'Add' | 'Modify' | 'Remove',
  logicalId: string,
  type: string,
  physicalId: string | undefined,
  replacement: 'True' | 'False' | 'Conditional' | undefined,
  details: Array<Record<string, unknown>>,
  scope: string[] = [],
): ResourceChangeEntry {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action,
      LogicalResourceId: logicalId,
      ResourceType: type,
      ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
      ...(replacement ? { Replacement: replacement } : {}),
      Scope: scope,
      Details: details,
    },
  };
}

function unknownAttributes(logicalId: string): Record<string, unknown> {
  return new Proxy({}, { get: () => markerOf(logicalId) });
}
