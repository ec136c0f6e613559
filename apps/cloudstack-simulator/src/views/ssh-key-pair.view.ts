import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { SshKeyPairRecord } from '../state/records';
import { ownerFields } from './owner-fields';

/** SSHKeyPairResponse (the private key appears only in createSSHKeyPair's answer). */
@Injectable()
export class SshKeyPairView {
  constructor(private readonly accounts: AccountRegistry) {}

  toResponse(keyPair: SshKeyPairRecord, privatekey?: string): Record<string, unknown> {
    return {
      id: keyPair.id,
      name: keyPair.name,
      fingerprint: keyPair.fingerprint,
      ...ownerFields(this.accounts.ownerOf(keyPair)),
      ...(privatekey !== undefined ? { privatekey } : {}),
    };
  }
}
