import { StackAccess } from '@cfn/resources';
import { deriveStackKeyPair, stackKeyPairName } from '@cfn/ssh';
import { Injectable, Logger } from '@nestjs/common';

/** Stacks whose derived access is kept; every VM of a stack would otherwise derive the same key again. */
const CACHED_STACKS = 500;

/**
 * How the configurator reaches a stack's VMs: the stack's SSH key pair, derived from CFN_SSH_MASTER_SECRET and the
 * stack id (the configurator derives the same pair, so no private key is stored or sent), and the address range
 * it connects from (CFN_MANAGEMENT_CIDR), to which the stack's security group opens SSH.
 */
@Injectable()
export class StackAccessProvider {
  private readonly logger = new Logger(StackAccessProvider.name);
  private readonly secret = process.env.CFN_SSH_MASTER_SECRET;
  private readonly managementCidr = process.env.CFN_MANAGEMENT_CIDR || null;
  private readonly byStack = new Map<string, StackAccess>();

  constructor() {
    if (!this.secret)
      this.logger.warn('CFN_SSH_MASTER_SECRET is not set: VMs get no stack key and cannot be configured');
  }

  forStack(stackId: string): StackAccess | undefined {
    if (!this.secret) return undefined;
    let access = this.byStack.get(stackId);
    if (!access) {
      access = {
        keyPair: {
          name: stackKeyPairName(stackId),
          publicKey: deriveStackKeyPair(this.secret, stackId).publicKeyOpenSsh,
        },
        managementCidr: this.managementCidr,
      };
      if (this.byStack.size >= CACHED_STACKS) this.byStack.delete(this.byStack.keys().next().value!);
      this.byStack.set(stackId, access);
    }
    return access;
  }

  isEnabled(): boolean {
    return !!this.secret;
  }
}
