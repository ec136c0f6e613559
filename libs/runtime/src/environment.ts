/** Connection settings every service reads from its environment, with the documented defaults. */
export interface ServiceEnvironment {
  amqpUrl: string;
  databaseUrl: string;
}

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/cfn_cloudstack';

export function readServiceEnvironment(env: NodeJS.ProcessEnv = process.env): ServiceEnvironment {
  return {
    amqpUrl: env.AMQP_URL || DEFAULT_AMQP_URL,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
  };
}

export function readIntegerEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}
