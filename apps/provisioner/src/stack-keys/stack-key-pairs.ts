import { Injectable, Logger } from '@nestjs/common';
import { StackAccess } from '@cfn/resources';
import { deriveStackKeyPair, stackKeyPairName } from '@cfn/ssh';

/**
 * How the configurator reaches a stack's VMs: the stack's SSH key pair, derived from CFN_SSH_MASTER_SECRET and the
 * stack id (the configurator derives the same pair, so no private key is stored or sent), and the address range
 * it connects from (CFN_MANAGEMENT_CIDR), to which the stack's security group opens SSH.
 */
@Injectable()
export class StackKeyPairs {
  private readonly logger = new Logger(StackKeyPairs.name);
  private readonly secret = process.env.CFN_SSH_MASTER_SECRET;
  private readonly managementCidr = process.env.CFN_MANAGEMENT_CIDR || null;

  constructor() {
    if (!this.secret) this.logger.warn('CFN_SSH_MASTER_SECRET is not set: VMs get no stack key and cannot be configured');
  }

  forStack(stackId: string): StackAccess | undefined {
    if (!this.secret) return undefined;
    return {
      keyPair: { name: stackKeyPairName(stackId), publicKey: deriveStackKeyPair(this.secret, stackId).publicKeyOpenSsh },
      managementCidr: this.managementCidr,
    };
  }

  isEnabled(): boolean {
    return !!this.secret;
  }
}
