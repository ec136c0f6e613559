import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The names one simulator run gives its host objects: all derive from the bridge name, so runs never collide. */
export class GuestLayout {
  readonly runDir: string;
  readonly ownerFile: string;
  readonly namespacePrefix: string;
  /** nftables table (family inet) in the host namespace: NAT to the host's services, no routing out of the bridge. */
  readonly hostTable: string;

  constructor(
    readonly bridge: string,
    readonly stateDir: string,
  ) {
    this.runDir = join(stateDir, bridge);
    this.ownerFile = join(this.runDir, 'owner');
    this.namespacePrefix = `${bridge}-`;
    this.hostTable = `cfnsim_${bridge}`;
  }

  namespaceOf(vmId: string): string {
    return `${this.namespacePrefix}${vmId}`;
  }

  /** Interface names stop at 15 characters: a hash of bridge and VM keeps them unique across runs. */
  hostVethOf(vmId: string): string {
    return `cv${createHash('sha1').update(`${this.bridge}/${vmId}`).digest('hex').slice(0, 13)}`;
  }

  vmDir(vmId: string): string {
    return join(this.runDir, vmId);
  }

  files(vmId: string) {
    const dir = this.vmDir(vmId);
    return {
      dir,
      /** The VM's disk: what it wrote over the host's root filesystem. */
      upper: join(dir, 'upper'),
      work: join(dir, 'work'),
      root: join(dir, 'root'),
      bootScript: join(dir, 'boot.sh'),
      initScript: join(dir, 'guest-init.sh'),
      console: join(dir, 'console.log'),
    };
  }
}
