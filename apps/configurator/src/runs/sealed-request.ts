import { ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { PrivateKeyCipher } from '@cfn/persistence';

/** How a stored configuration request looks in `configuration_runs.request`. */
export interface SealedRequest {
  sealed: string;
}

/**
 * Seals configure requests before they are stored for recovery: a request carries the stack's NoEcho parameter
 * values and the configuration's secrets, which must never be readable in MySQL (ADR 14). The key is derived from
 * CFN_SSH_MASTER_SECRET, which every configurator already holds, under a label of its own so it is not the key the
 * stacks' SSH keys come from. The operation id is authenticated with the text, so a row copied to another run does
 * not open.
 */
export class RequestSealer {
  private readonly cipher: PrivateKeyCipher;

  constructor(masterSecret: string) {
    this.cipher = new PrivateKeyCipher(`cfn-configuration-requests:${masterSecret}`);
  }

  seal(request: ResourceConfigureRequestedV1): SealedRequest {
    return { sealed: this.cipher.encrypt(JSON.stringify(request), request.operationId) };
  }

  open(stored: unknown, operationId: string): ResourceConfigureRequestedV1 | null {
    const sealed = (stored as Partial<SealedRequest> | null)?.sealed;
    if (typeof sealed !== 'string') return null;
    return JSON.parse(this.cipher.decrypt(sealed, operationId)) as ResourceConfigureRequestedV1;
  }
}
