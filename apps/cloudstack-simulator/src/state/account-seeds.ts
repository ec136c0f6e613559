import Ajv, { JSONSchemaType } from 'ajv';
import { AccountSeed } from '../simulator-options';

const schema: JSONSchemaType<AccountSeed[]> = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,64}$' },
      apiKey: { type: 'string', minLength: 8, nullable: true },
      secretKey: { type: 'string', minLength: 8, nullable: true },
      admin: { type: 'boolean', nullable: true },
    },
  },
};
const validate = new Ajv({ allErrors: true }).compile(schema);

/** SIM_ACCOUNTS: a JSON array of `{name, apiKey?, secretKey?, admin?}`, created at start besides the administrator. */
export function accountSeedsFromEnv(env: NodeJS.ProcessEnv = process.env): AccountSeed[] {
  const text = env.SIM_ACCOUNTS?.trim();
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  if (!validate(parsed)) {
    throw new Error(`SIM_ACCOUNTS: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
  }
  return parsed;
}
