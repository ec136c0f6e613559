import Ajv, { JSONSchemaType } from 'ajv';

/**
 * A random duration in milliseconds: uniform between min and max, or normal around mean with stddev (clamped to
 * [min, max] when those are given too, and never below 0).
 */
export interface Distribution {
  min?: number;
  max?: number;
  mean?: number;
  stddev?: number;
}

export interface TransientFailure {
  /** Share of calls (0..1) answered with 530 "Internal error executing command". */
  rate: number;
  /**
   * Share of those failures (0..1) that happen after the command has run: the cloud changed, the caller only sees
   * the error, as when a response is lost. The rest fail before anything happens.
   */
  afterExecution?: number;
  /** The Nth calls of the command (1-based, counted since the faults were set) fail too, whatever the rate. */
  at?: number[];
}

export interface DeployFaults {
  /** The Nth deployVirtualMachine calls (1-based, counted since the faults were set) fail with 533. */
  insufficientCapacityAt?: number[];
  insufficientCapacityRate?: number;
  /** The Nth deployVirtualMachine calls end with the VM in Error (job fails with 530). */
  errorStateAt?: number[];
  errorStateRate?: number;
}

/** CloudStack's api.throttling.max calls per api.throttling.interval seconds, per account. */
export interface ThrottleSettings {
  max: number;
  intervalSeconds?: number;
}

export const RESOURCE_TYPES = ['user_vm', 'volume', 'public_ip', 'cpu', 'memory', 'primary_storage'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** Limits by CloudStack resource type; -1 is unlimited. memory is in MiB, primary_storage in GiB. */
export type ResourceLimits = Partial<Record<ResourceType, number>>;

export interface LimitSettings {
  /** For every non-administrator account without its own entry. */
  default?: ResourceLimits;
  /** By account name. */
  accounts?: Record<string, ResourceLimits>;
}

/** The zone's hypervisor hosts; a VM that fits on none fails to deploy or start with 533. */
export interface CapacitySettings {
  hosts?: number;
  cpuPerHost?: number;
  /** MiB */
  memoryPerHost?: number;
}

/** How the simulated cloud misbehaves; everything is optional and off by default. */
export interface SimulatorFaults {
  /** Added before answering, by command name; `*` applies to commands without their own entry. */
  latency?: Record<string, Distribution>;
  /** How long an asynchronous command's job stays pending, by command name (`*` for the rest). */
  jobDuration?: Record<string, Distribution>;
  /** By command name; `*` applies to commands without their own entry. */
  transientErrors?: Record<string, TransientFailure>;
  deploy?: DeployFaults;
  throttle?: ThrottleSettings;
  limits?: LimitSettings;
  capacity?: CapacitySettings;
}

const nonNegative = { type: 'number', minimum: 0 } as const;
const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const distribution: JSONSchemaType<Distribution> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    min: { ...nonNegative, nullable: true },
    max: { ...nonNegative, nullable: true },
    mean: { ...nonNegative, nullable: true },
    stddev: { ...nonNegative, nullable: true },
  },
  anyOf: [{ required: ['max'] }, { required: ['mean'] }],
};
const limits = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(RESOURCE_TYPES.map((t) => [t, { type: 'integer', minimum: -1, nullable: true }])),
  required: [],
} as unknown as JSONSchemaType<ResourceLimits>;
const positions = { type: 'array', items: { type: 'integer', minimum: 1 }, nullable: true } as const;

const schema: JSONSchemaType<SimulatorFaults> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    latency: { type: 'object', additionalProperties: distribution, required: [], nullable: true },
    jobDuration: { type: 'object', additionalProperties: distribution, required: [], nullable: true },
    transientErrors: {
      type: 'object',
      required: [],
      nullable: true,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { rate: share, afterExecution: { ...share, nullable: true }, at: positions },
        required: ['rate'],
      },
    },
    deploy: {
      type: 'object',
      additionalProperties: false,
      nullable: true,
      properties: {
        insufficientCapacityAt: positions,
        insufficientCapacityRate: { ...share, nullable: true },
        errorStateAt: positions,
        errorStateRate: { ...share, nullable: true },
      },
    },
    throttle: {
      type: 'object',
      additionalProperties: false,
      nullable: true,
      properties: {
        max: { type: 'integer', minimum: 1 },
        intervalSeconds: { type: 'number', exclusiveMinimum: 0, nullable: true },
      },
      required: ['max'],
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      nullable: true,
      properties: {
        default: { ...limits, nullable: true },
        accounts: { type: 'object', additionalProperties: limits, required: [], nullable: true },
      },
    },
    capacity: {
      type: 'object',
      additionalProperties: false,
      nullable: true,
      properties: {
        hosts: { type: 'integer', minimum: 1, nullable: true },
        cpuPerHost: { type: 'integer', minimum: 1, nullable: true },
        memoryPerHost: { type: 'integer', minimum: 1, nullable: true },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true }).compile(schema);

export class InvalidFaultsError extends Error {}

/** Checks a faults document (from SIM_FAULTS or the admin endpoint); throws InvalidFaultsError with every problem. */
export function parseSimulatorFaults(input: unknown): SimulatorFaults {
  if (!validate(input)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new InvalidFaultsError(`invalid simulator faults: ${problems.join('; ')}`);
  }
  return structuredClone(input);
}

/** SIM_FAULTS holds the same JSON document the admin endpoint takes. */
export function simulatorFaultsFromEnv(env: NodeJS.ProcessEnv = process.env): SimulatorFaults {
  const text = env.SIM_FAULTS?.trim();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InvalidFaultsError(`SIM_FAULTS is not JSON: ${(err as Error).message}`);
  }
  return parseSimulatorFaults(parsed);
}
