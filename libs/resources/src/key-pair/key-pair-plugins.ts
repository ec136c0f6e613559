import { CloudStackApiError } from '@cfn/cloudstack';

import {
  ProvisionedResource,
  ResourceOperationContext,
  ResourcePropertyError,
  ResourceTypePlugin,
} from '../resource-type-plugin';
import { keyPairIdFor } from './key-pair-id';

interface SshKeyPair {
  name: string;
  fingerprint: string;
  privatekey?: string;
}

/**
 * A key pair CloudStack generates (createSSHKeyPair). Its private key is handed out once: it goes to the
 * provisioner's encrypted store, never into attributes or events. Ref is the key's name, so instances' KeyName
 * takes it as it takes a pair registered beforehand.
 */
abstract class KeyPairPluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly propertiesSchema: Record<string, unknown>;
  abstract readonly attributes: readonly string[];
  protected abstract keyName(properties: Record<string, unknown>): string;
  protected abstract describe(pair: SshKeyPair, ctx: ResourceOperationContext): ProvisionedResource;

  /** A pair whose private key did not reach the store is useless to its owner: it is made again. */
  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const name = this.keyName(properties);
    const pair = await ctx.cloud.findOne<SshKeyPair>(
      'listSSHKeyPairs',
      { name },
      'sshkeypair',
      (candidate) => candidate.name === name,
    );
    if (!pair) return null;
    if (await ctx.privateKeys?.has()) return this.describe(pair, ctx);
    await deletePair(ctx, name);
    return null;
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    if (!ctx.privateKeys) {
      throw new ResourcePropertyError(
        `${this.type} needs CFN_KEY_ENCRYPTION_SECRET set on the provisioner to keep the private key`,
      );
    }
    const name = this.keyName(properties);
    const { keypair } = await ctx.cloud.request<{ keypair: SshKeyPair }>('createSSHKeyPair', { name });
    await ctx.recordProgress({ physicalId: keypair.name });
    await ctx.privateKeys.store(keypair.name, keypair.privatekey ?? '');
    return this.describe(keypair, ctx);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await deletePair(ctx, physicalId);
    await ctx.privateKeys?.remove();
  }
}

async function deletePair(ctx: ResourceOperationContext, name: string): Promise<void> {
  try {
    await ctx.cloud.request('deleteSSHKeyPair', { name });
  } catch (error) {
    if (!(error instanceof CloudStackApiError && error.errorcode === 431)) throw error;
  }
}

/**
 * AWS::EC2::KeyPair: KeyName; attributes KeyFingerprint and KeyPairId (`key-...`, derived: CloudStack's pairs have no
 * id). Its private key is SSM parameter /ec2/keypair/<KeyPairId> on the api, for the stack's account, as on AWS.
 */
export class Ec2KeyPairPlugin extends KeyPairPluginBase {
  readonly type = 'AWS::EC2::KeyPair';
  readonly attributes = ['KeyFingerprint', 'KeyPairId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['KeyName'],
    properties: {
      KeyName: { type: 'string', minLength: 1, maxLength: 255 },
      KeyType: { type: 'string', enum: ['rsa'] },
      KeyFormat: { type: 'string', enum: ['pem'] },
      Tags: { type: 'array', items: { type: 'object', required: ['Key', 'Value'] } },
    },
  };

  protected keyName(properties: Record<string, unknown>): string {
    return String(properties.KeyName);
  }

  protected describe(pair: SshKeyPair, ctx: ResourceOperationContext): ProvisionedResource {
    return {
      physicalId: pair.name,
      attributes: { KeyFingerprint: pair.fingerprint, KeyPairId: keyPairIdFor(ctx.stackId, ctx.logicalId) },
    };
  }
}

/** CloudStack::SSHKeyPair: createSSHKeyPair's Name. */
export class CloudStackSshKeyPairPlugin extends KeyPairPluginBase {
  readonly type = 'CloudStack::SSHKeyPair';
  readonly attributes = ['Name', 'Fingerprint'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['Name'],
    properties: { Name: { type: 'string', minLength: 1, maxLength: 255 } },
  };

  protected keyName(properties: Record<string, unknown>): string {
    return String(properties.Name);
  }

  protected describe(pair: SshKeyPair): ProvisionedResource {
    return { physicalId: pair.name, attributes: { Name: pair.name, Fingerprint: pair.fingerprint } };
  }
}
