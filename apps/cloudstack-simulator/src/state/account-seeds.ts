import Ajv, { ErrorObject, JSONSchemaType } from 'ajv';

import { AccountSeed, UserSeed } from '../simulator-options';
import { InvalidIdentityError, normalizeDomainPath, ROOT_DOMAIN_NAME, seedRoleType } from './account-registry';

const NAME = '^[A-Za-z0-9_.@-]{1,64}$';
const KEY = { type: 'string', minLength: 8, nullable: true } as const;
const TEXT = { type: 'string', minLength: 1, maxLength: 255, nullable: true } as const;

const userSchema: JSONSchemaType<UserSeed> = {
  type: 'object',
  additionalProperties: false,
  required: ['username'],
  properties: {
    username: { type: 'string', pattern: NAME },
    apiKey: KEY,
    secretKey: KEY,
    firstname: TEXT,
    lastname: TEXT,
    email: TEXT,
  },
};

const accountSchema: JSONSchemaType<AccountSeed> = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: NAME },
    apiKey: KEY,
    secretKey: KEY,
    admin: { type: 'boolean', nullable: true },
    domain: { type: 'string', pattern: '^/?[A-Za-z0-9_.@ -]{1,64}(/[A-Za-z0-9_.@ -]{1,64})*/?$', nullable: true },
    role: { type: 'string', enum: ['User', 'DomainAdmin', 'Admin'], nullable: true },
    users: { type: 'array', nullable: true, items: userSchema },
  },
};

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<AccountSeed[]>({ type: 'array', items: accountSchema });
const validateAccount = ajv.compile<AccountSeed>(accountSchema);
const validateUser = ajv.compile<UserSeed>(userSchema);

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

/** One account as `POST /simulator/accounts` takes it (the SIM_ACCOUNTS item); throws with Ajv's messages. */
export function parseAccountSeed(value: unknown): AccountSeed {
  if (!validateAccount(value)) throw new Error(describeErrors(validateAccount.errors));
  return value;
}

/** One user as `POST /simulator/accounts/:name/users` takes it (a `users` item of a seed). */
export function parseUserSeed(value: unknown): UserSeed {
  if (!validateUser(value)) throw new Error(describeErrors(validateUser.errors));
  return value;
}

/**
 * SIM_ACCOUNTS: a JSON array of `{name, apiKey?, secretKey?, admin?, domain?, role?, users?}`, created at start
 * besides the administrator (see AccountSeed).
 */
export function accountSeedsFromEnv(env: NodeJS.ProcessEnv = process.env): AccountSeed[] {
  const text = env.SIM_ACCOUNTS?.trim();
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  if (!validate(parsed)) {
    throw new Error(`SIM_ACCOUNTS: ${describeErrors(validate.errors)}`);
  }
  return parsed;
}

/**
 * What would make the registry refuse a seed at start, found before the application is built (Nest would exit the
 * process): a role that contradicts `admin`, an Admin outside ROOT, a name or API key used twice.
 */
export function checkAccountSeeds(seeds: AccountSeed[], adminApiKey?: string): void {
  const accounts = new Set<string>();
  const usernames = new Set<string>();
  const apiKeys = new Set<string>(adminApiKey ? [adminApiKey] : []);
  for (const seed of seeds) {
    const fail = (why: string) => {
      throw new Error(`account ${seed.name}: ${why}`);
    };
    try {
      const role = seedRoleType(seed);
      const path = normalizeDomainPath(seed.domain ?? ROOT_DOMAIN_NAME);
      if (role === 'Admin' && path !== ROOT_DOMAIN_NAME)
        fail(`an Admin account must be in the ROOT domain, not ${path}`);
      if (accounts.has(`${path}/${seed.name}`)) fail(`defined twice in ${path}`);
      accounts.add(`${path}/${seed.name}`);
      for (const user of [{ username: seed.name, apiKey: seed.apiKey }, ...(seed.users ?? [])]) {
        if (usernames.has(`${path}/${user.username}`)) fail(`user ${user.username} defined twice in ${path}`);
        usernames.add(`${path}/${user.username}`);
        if (user.apiKey != null && apiKeys.has(user.apiKey)) fail(`api key of ${user.username} used twice`);
        if (user.apiKey != null) apiKeys.add(user.apiKey);
      }
    } catch (err) {
      if (err instanceof InvalidIdentityError) fail(err.message);
      throw err;
    }
  }
}
