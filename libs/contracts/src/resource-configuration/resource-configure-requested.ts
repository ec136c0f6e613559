import { defineContract, nonEmptyString, uuid } from '../message-contract';

/** How the configurator reaches the VM. */
export interface ConfigureHostV1 {
  address: string;
  /** 22 unless the image says otherwise. */
  port: number;
  /** The login user; scripts run as root, through `sudo -n` when this is not root. */
  user: string;
  /** OpenSSH's StrictHostKeyChecking in our words; `accept-new` when absent. */
  hostKeyPolicy?: 'accept-new' | 'strict' | 'off';
}

/** One member of a group of VMs (a resource with a count, or a set of resources sharing a group name). */
export interface GroupMemberV1 {
  logicalId: string;
  /** 0-based position of the member in its group, stable across runs. */
  index: number;
  address: string;
}

/** What the stack knows when the VM is configured: the values its templates and tasks may use. */
export interface ConfigureFactsV1 {
  /** Every parameter's value, NoEcho ones included. */
  parameters: Record<string, unknown>;
  /** Names of parameters whose values are secret (NoEcho): masked as **** in events, logs and stored output. */
  secrets: string[];
  /** Every resource created so far: its physical id and the attributes Fn::GetAtt reads. */
  resources: Record<string, { physicalId: string | null; attributes: Record<string, unknown> }>;
  /** Every group's members, all of them, in index order: known before any member is configured. */
  groups: Record<string, GroupMemberV1[]>;
  /** The VM being configured: its logical id, its index in its group and the group's name (null when alone). */
  self: { logicalId: string; index: number; group: string | null };
}

/**
 * The planner asks the configurator to configure one VM after it was created (and after everything it depends on
 * is complete). The resource becomes CREATE_COMPLETE only on `resource.configure.succeeded.v1`.
 */
export interface ResourceConfigureRequestedV1 {
  /** Names this attempt; the outcome carries it back. A redelivered request with the same id is not run twice. */
  operationId: string;
  stackId: string;
  stackName: string;
  logicalId: string;
  resourceType: string;
  host: ConfigureHostV1;
  /**
   * The resource's Metadata with intrinsic functions evaluated. The configurator reads `AWS::CloudFormation::Init`
   * and `CloudStack::Configure` ({ vars, roles, tasks, handlers, configSets }); other keys are ignored.
   */
  metadata: Record<string, unknown>;
  /**
   * The config sets the resource's UserData asks cfn-init for (`-c/--configsets`, in call order); absent when
   * UserData does not call cfn-init for this resource. `CloudStack::Configure.configSets` overrides it.
   */
  configSets?: string[];
  facts: ConfigureFactsV1;
  /** The whole budget: waiting for SSH and every task (the resource's CreationPolicy timeout). */
  timeoutSeconds: number;
  /** Report what would change without changing anything (Ansible's --check). */
  checkMode?: boolean;
}

const groupMember = {
  type: 'object',
  additionalProperties: false,
  required: ['logicalId', 'index', 'address'],
  properties: { logicalId: nonEmptyString, index: { type: 'integer', minimum: 0 }, address: nonEmptyString },
};

export const ResourceConfigureRequested = defineContract<ResourceConfigureRequestedV1>(
  'resource.configure.requested.v1',
  {
    type: 'object',
    additionalProperties: false,
    required: [
      'operationId',
      'stackId',
      'stackName',
      'logicalId',
      'resourceType',
      'host',
      'metadata',
      'facts',
      'timeoutSeconds',
    ],
    properties: {
      operationId: uuid,
      stackId: uuid,
      stackName: nonEmptyString,
      logicalId: nonEmptyString,
      resourceType: nonEmptyString,
      host: {
        type: 'object',
        additionalProperties: false,
        required: ['address', 'port', 'user'],
        properties: {
          address: nonEmptyString,
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          user: { type: 'string', pattern: '^[a-z_][a-z0-9_.-]{0,31}$' },
          hostKeyPolicy: { enum: ['accept-new', 'strict', 'off'] },
        },
      },
      metadata: { type: 'object' },
      configSets: { type: 'array', items: nonEmptyString },
      facts: {
        type: 'object',
        additionalProperties: false,
        required: ['parameters', 'secrets', 'resources', 'groups', 'self'],
        properties: {
          parameters: { type: 'object' },
          secrets: { type: 'array', items: { type: 'string' } },
          resources: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['physicalId', 'attributes'],
              properties: { physicalId: { type: ['string', 'null'] }, attributes: { type: 'object' } },
            },
          },
          groups: { type: 'object', additionalProperties: { type: 'array', items: groupMember } },
          self: {
            type: 'object',
            additionalProperties: false,
            required: ['logicalId', 'index', 'group'],
            properties: {
              logicalId: nonEmptyString,
              index: { type: 'integer', minimum: 0 },
              group: { type: ['string', 'null'] },
            },
          },
        },
      },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 43200 },
      checkMode: { type: 'boolean' },
    },
  },
);
