import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { keywordFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { generateRsaKeyPair, normalizeOpenSshPublicKey, publicKeyFingerprint } from '../keys/openssh-key';
import { AccountRecord, SshKeyPairRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { SshKeyPairView } from '../views/ssh-key-pair.view';

/** SSH key pairs: all synchronous in CloudStack. */
@Injectable()
export class SshKeyPairCommands implements CommandFamily {
  readonly handlers = {
    registerSSHKeyPair: (p: CommandParameters) => this.register(p),
    createSSHKeyPair: (p: CommandParameters) => this.create(p),
    deleteSSHKeyPair: (p: CommandParameters) => this.delete(p),
    listSSHKeyPairs: (p: CommandParameters) => this.list(p),
  };

  constructor(
    private readonly state: SimulatorState,
    private readonly access: AccessControl,
    private readonly view: SshKeyPairView,
  ) {}

  private keyPairsOf(account: AccountRecord): SshKeyPairRecord[] {
    return [...this.state.sshKeyPairs.values()].filter((k) => k.accountid === account.id);
  }

  private register(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const name = p.required('name');
    const publickey = normalizeOpenSshPublicKey(p.required('publickey'));
    if (!publickey) throw ApiError.invalidParameter('Public key is invalid');
    this.checkNameFree(owner, name);
    const fingerprint = publicKeyFingerprint(publickey);
    if (this.keyPairsOf(owner).some((k) => k.fingerprint === fingerprint)) {
      throw ApiError.invalidParameter(`A key pair with key '${publickey}' already exists for this account.`);
    }
    return { keypair: this.view.toResponse(this.store(owner, name, publickey)) };
  }

  /** CloudStack generates the key and returns the private half once; it keeps only the public key. */
  private async create(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const name = p.required('name');
    this.checkNameFree(owner, name);
    const { publicKey, privateKey } = await generateRsaKeyPair(`${name}@cloudstack-simulator`);
    this.checkNameFree(owner, name);
    return { keypair: this.view.toResponse(this.store(owner, name, publicKey), privateKey) };
  }

  private delete(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const name = p.required('name');
    const keyPair = this.keyPairsOf(owner).find((k) => k.name === name);
    if (!keyPair) {
      throw ApiError.invalidParameter(
        `A key pair with name '${name}' does not exist for account ${owner.name} in specified domain id`,
      );
    }
    this.state.sshKeyPairs.delete(keyPair.id);
    return { success: true };
  }

  private list(p: CommandParameters) {
    const id = p.optional('id');
    const name = p.optional('name');
    const fingerprint = p.optional('fingerprint');
    const keyword = keywordFilter(p);
    const keyPairs = [...this.state.sshKeyPairs.values()]
      .filter(this.access.listFilter(p))
      .filter(
        (k) => (!id || k.id === id) && (!name || k.name === name) && (!fingerprint || k.fingerprint === fingerprint),
      )
      .filter((k) => keyword(k.name))
      .map((k) => this.view.toResponse(k));
    return listResponse('sshkeypair', keyPairs, p);
  }

  private checkNameFree(owner: AccountRecord, name: string): void {
    if (this.keyPairsOf(owner).some((k) => k.name === name)) {
      throw ApiError.invalidParameter(`A key pair with name '${name}' already exists for this account.`);
    }
  }

  private store(owner: AccountRecord, name: string, publickey: string): SshKeyPairRecord {
    const keyPair: SshKeyPairRecord = {
      id: randomUUID(),
      accountid: owner.id,
      created: new Date(),
      name,
      publickey,
      fingerprint: publicKeyFingerprint(publickey),
    };
    this.state.sshKeyPairs.set(keyPair.id, keyPair);
    return keyPair;
  }
}
