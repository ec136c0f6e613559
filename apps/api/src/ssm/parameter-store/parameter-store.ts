import { Inject, Injectable, Optional } from '@nestjs/common';

import { KEY_PAIR_PARAMETER, KeyPairParameters } from '../key-pair-parameters';
import { checkName, parseSelector } from './parameter-names';
import { PARAMETER_RECORDS, ParameterRecords, StoredParameter } from './parameter-records';
import { isPublicName, PublicParameters } from './public-parameters';
import { SsmError } from './ssm-error';

/** A parameter as one account reads it, with the selector it was asked for by (`:3`). */
export interface ReadParameter {
  parameter: StoredParameter;
  selector?: string;
}

/** The epoch public parameters and key pairs report as their modification time when they have none of their own. */
const PUBLISHED_AT = new Date(0);

/**
 * Every parameter an account can read, by name (with an optional `:version`): a key pair's private key
 * (/ec2/keypair/<id>, its stack's account only), a public parameter the operator publishes (/aws/..., every
 * account), or the account's own.
 */
@Injectable()
export class ParameterStore {
  /** CFN_PUBLIC_PARAMETERS, read once at start. */
  publicParameters = PublicParameters.fromEnv();

  constructor(
    @Inject(PARAMETER_RECORDS) readonly records: ParameterRecords,
    @Optional() @Inject(KeyPairParameters) private readonly keyPairs?: KeyPairParameters,
  ) {}

  async read(accountId: string, requested: string): Promise<ReadParameter | undefined> {
    const { name, version, label, selector } = parseSelector(requested);
    checkName(name);
    if (label !== undefined) return undefined;
    if (isPublicName(name)) {
      const published = this.publicParameters.find(name);
      if (!published || (version !== undefined && version !== 1)) return undefined;
      return { parameter: this.fixed(accountId, name, 'String', published.value, PUBLISHED_AT), selector };
    }
    if (KEY_PAIR_PARAMETER.test(name) && this.keyPairs?.configured) {
      const keyPair = await this.keyPairs.find(name, accountId, true);
      if (keyPair) {
        if (version !== undefined && version !== 1) throw versionNotFound(name, version);
        return {
          parameter: this.fixed(accountId, name, 'SecureString', keyPair.value, keyPair.lastModified),
          selector,
        };
      }
    }
    if (version === undefined) {
      const latest = await this.records.latest(accountId, name);
      return latest && { parameter: latest };
    }
    const found = await this.records.version(accountId, name, version);
    if (found) return { parameter: found, selector };
    if (await this.records.latest(accountId, name)) throw versionNotFound(name, version);
    return undefined;
  }

  private fixed(
    accountId: string,
    name: string,
    type: StoredParameter['type'],
    value: string,
    at: Date,
  ): StoredParameter {
    return {
      accountId: isPublicName(name) ? '' : accountId,
      name,
      version: 1,
      type,
      value,
      description: null,
      allowedPattern: null,
      dataType: 'text',
      keyId: null,
      lastModifiedUser: '',
      lastModifiedDate: at,
    };
  }
}

export const versionNotFound = (name: string, version: number): SsmError =>
  new SsmError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );
