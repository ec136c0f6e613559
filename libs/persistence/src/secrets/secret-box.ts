import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Environment variables of the data keyring (docs/secrets-at-rest.md). */
export const DATA_KEY_ENV = 'CFN_DATA_KEY';
export const PREVIOUS_DATA_KEYS_ENV = 'CFN_DATA_KEYS_PREVIOUS';
/** Used as the current data key when CFN_DATA_KEY is unset (one secret for key pairs and data). */
export const DATA_KEY_FALLBACK_ENV = 'CFN_KEY_ENCRYPTION_SECRET';

/** Every sealed value starts with this. */
export const SEALED_PREFIX = 'enc:v1:';
const MIN_SECRET_LENGTH = 16;
const SEALED_FORMAT = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9+/]{16}):([A-Za-z0-9+/]{22}==):([A-Za-z0-9+/]*={0,2})$/;

/** No data key is configured: nothing can be sealed or opened. */
export class DataKeyMissingError extends Error {
  override readonly name = 'DataKeyMissingError';

  constructor() {
    super(
      `${DATA_KEY_ENV} is not set (nor ${DATA_KEY_FALLBACK_ENV}, used in its place): the api, the planner, ` +
        '`npm run migrate` on a database with stored rows and `npm run rotate-secrets` need it to seal and open ' +
        'credentials and stack parameters at rest (docs/secrets-at-rest.md)',
    );
  }
}

/** A value was sealed with a key the keyring does not hold. */
export class UnknownDataKeyError extends Error {
  override readonly name = 'UnknownDataKeyError';

  constructor(
    readonly context: string,
    readonly keyId: string,
    keyring: SecretBox,
  ) {
    super(
      `${context} is sealed with data key ${keyId}, which is neither ${DATA_KEY_ENV} (key ${keyring.currentKeyId}) ` +
        `nor one of ${PREVIOUS_DATA_KEYS_ENV}${keyring.previousKeyIds.length ? ` (${keyring.previousKeyIds.join(', ')})` : ''}: ` +
        `give that key in ${PREVIOUS_DATA_KEYS_ENV} (docs/secrets-at-rest.md)`,
    );
  }
}

/** A stored value is not a sealed value, or does not authenticate. The message never includes the value. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
}

interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * Seals short secrets for storage with AES-256-GCM under a keyring: one current key (seals and opens) and older
 * keys (open only), so that keys can be rotated (`npm run rotate-secrets`). A sealed value is
 * `enc:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64); the key id names the key it was sealed with. The header and a
 * context (the column, `table.column`) are authenticated with it, so a value is only opened where it was sealed.
 *
 * Each key is a secret string (at least 16 characters; `openssl rand -base64 32`): the AES key is HKDF-SHA256 of
 * it, and its id is 8 hex digits derived from it the same way, so no one names keys by hand.
 */
export class SecretBox {
  private readonly current: DataKey;
  private readonly keys = new Map<string, DataKey>();

  constructor(currentSecret: string, previousSecrets: string[] = []) {
    this.current = deriveKey(currentSecret, DATA_KEY_ENV);
    this.keys.set(this.current.id, this.current);
    for (const secret of previousSecrets) {
      const key = deriveKey(secret, PREVIOUS_DATA_KEYS_ENV);
      const known = this.keys.get(key.id);
      if (known && !known.key.equals(key.key))
        throw new Error(`two data keys share the key id ${key.id}: replace one of them`);
      this.keys.set(key.id, key);
    }
  }

  /**
   * The keyring the environment gives: CFN_DATA_KEY (or, unset, CFN_KEY_ENCRYPTION_SECRET) as the current key and
   * CFN_DATA_KEYS_PREVIOUS (comma-separated) as keys that only open. Throws DataKeyMissingError without a key.
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): SecretBox {
    const source = env[DATA_KEY_ENV]?.trim() ? DATA_KEY_ENV : DATA_KEY_FALLBACK_ENV;
    const current = env[source]?.trim();
    if (!current) throw new DataKeyMissingError();
    checkLength(current, source);
    const previous = (env[PREVIOUS_DATA_KEYS_ENV] ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter(Boolean);
    return new SecretBox(current, previous);
  }

  /** Whether the environment names a current data key. */
  static configuredIn(env: NodeJS.ProcessEnv = process.env): boolean {
    return Boolean(env[DATA_KEY_ENV]?.trim() || env[DATA_KEY_FALLBACK_ENV]?.trim());
  }

  /** Whether `value` has the form of a sealed value (it says nothing of whether it opens). */
  static isSealed(value: string): boolean {
    return SEALED_FORMAT.test(value);
  }

  /** The id of the key `value` was sealed with; null when it is not a sealed value. */
  static keyIdOf(value: string): string | null {
    return SEALED_FORMAT.exec(value)?.[1] ?? null;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** Ids of the keys that only open (CFN_DATA_KEYS_PREVIOUS), the current one left out. */
  get previousKeyIds(): string[] {
    return [...this.keys.keys()].filter((id) => id !== this.current.id);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const header = `${SEALED_PREFIX}${this.current.id}`;
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(aad(header, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [header, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(
      ':',
    );
  }

  /**
   * The plaintext of a value sealed for `context`. Throws UnknownDataKeyError when its key is not in the keyring,
   * and SealedValueError when it is not a sealed value or does not authenticate (altered, or from another column).
   */
  open(sealed: string, context: string): string {
    const match = SEALED_FORMAT.exec(sealed);
    if (!match) {
      throw new SealedValueError(
        `${context} holds a value that is not sealed (enc:v1:…): values are written sealed through ` +
          'TypeORM (its column transformer), and `npm run migrate` / `npm run rotate-secrets` seal older ones',
      );
    }
    const [, keyId, iv, tag, ciphertext] = match;
    const key = this.keys.get(keyId);
    if (!key) throw new UnknownDataKeyError(context, keyId, this);
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(aad(`${SEALED_PREFIX}${keyId}`, context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError(
        `${context}: the sealed value does not authenticate under data key ${keyId} ` +
          '(it was altered, or sealed for another column)',
      );
    }
  }

  /** Whether `sealed` is sealed with the current key (else rotation re-seals it). */
  isCurrent(sealed: string): boolean {
    return SecretBox.keyIdOf(sealed) === this.current.id;
  }
}

function checkLength(secret: string, source: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `a data key (${source}) must be at least ${MIN_SECRET_LENGTH} characters; make one with \`openssl rand -base64 32\``,
    );
  }
}

function deriveKey(secret: string, source: string): DataKey {
  checkLength(secret, source);
  const material = Buffer.from(secret, 'utf8');
  const key = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'cfn-cloudstack data key v1', 32));
  const id = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'cfn-cloudstack data key id v1', 4)).toString(
    'hex',
  );
  return { id, key };
}

function aad(header: string, context: string): Buffer {
  return Buffer.from(`${header}\n${context}`, 'utf8');
}

let configured: SecretBox | undefined;

/**
 * The keyring of this process: the one `useDataSecretBox` set, else the environment's (read on first use).
 * The entities' sealed columns (sealed-columns.ts) and the secrets-at-rest migration use it.
 */
export function dataSecretBox(): SecretBox {
  configured ??= SecretBox.fromEnvironment();
  return configured;
}

/** Sets the keyring of this process (start:all's development keys, tests); undefined: the environment's again. */
export function useDataSecretBox(box: SecretBox | undefined): void {
  configured = box;
}
