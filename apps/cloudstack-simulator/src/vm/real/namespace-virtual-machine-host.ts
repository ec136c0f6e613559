import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';

import { SimulatorCatalogue } from '../../catalogue/simulator-catalogue';
import { stableUuid } from '../../catalogue/stable-uuid';
import { GuestMetadata, guestMetadata } from '../../metadata/guest-metadata';
import { MetadataServer } from '../../metadata/metadata-server';
import { GUEST_SUBNET, GuestSubnet, subnetContains } from '../../network/guest-subnet';
import { SIMULATOR_OPTIONS, SimulatorOptions } from '../../simulator-options';
import { VirtualMachineRecord } from '../../state/records';
import { SECURITY_GROUPS_CHANGED, SimulatorState } from '../../state/simulator-state';
import { VirtualMachineHost } from '../virtual-machine-host';
import { GUEST_READY_MARKER, renderBootScript, renderGuestInit } from './guest-boot-scripts';
import { createGuestBridge } from './guest-bridge';
import { renderGuestFirewall } from './guest-firewall';
import { GuestLayout } from './guest-layout';
import { GuestMemory, measureGuestMemory } from './guest-memory';
import { createGuestNetwork, removeGuestNetwork } from './guest-network-namespace';
import { fileSize, GuestProcess } from './guest-process';
import { runHostCommand } from './host-command';
import { claimOwnership } from './run-owner';
import { killNamespace, removeRun, removeStaleRuns } from './stale-guest-cleanup';

/** The virtual router's metadata service listens where CloudStack's does: port 80 of the gateway. */
const METADATA_PORT = 80;
const BOOT_TIMEOUT_MS = 30_000;
/** How long a stopping VM's processes get after SIGTERM before they are killed. */
const STOP_GRACE_MS = 5_000;
/** Rule changes are announced by the state; this re-check catches anything that changed without an announcement. */
const FIREWALL_RESYNC_MS = 2_000;

interface RunningGuest {
  namespace: string;
  process?: GuestProcess;
  /** The ruleset last loaded into the VM's namespace. */
  firewall: string;
  firewallQueue: Promise<void>;
}

/**
 * VMs that are real hosts: each running VM is a network namespace on the simulator's bridge (the NIC's address),
 * with its own mount, UTS and PID namespaces, a copy-on-write root over the host's `/`, an SSH server, the
 * metadata service on the gateway, and its security groups enforced by nftables in its namespace.
 */
@Injectable()
export class NamespaceVirtualMachineHost implements VirtualMachineHost, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RealVms');
  private readonly layout: GuestLayout;
  private readonly guests = new Map<string, RunningGuest>();
  private readonly metadata = new MetadataServer((source) => this.metadataFor(source));
  private readonly cloudIdentifier = stableUuid('cloud', 'cfn-cloudstack-simulator');
  private resyncTimer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private syncAgain = false;
  private closing = false;
  private readonly onRulesChanged = () => this.scheduleFirewallSync();

  constructor(
    @Inject(SIMULATOR_OPTIONS) options: SimulatorOptions,
    @Inject(GUEST_SUBNET) private readonly subnet: GuestSubnet,
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
  ) {
    this.layout = new GuestLayout(options.bridgeName, options.vmStateDir);
  }

  async onModuleInit(): Promise<void> {
    const cleaned = await removeStaleRuns(this.layout);
    if (cleaned.length > 0)
      this.logger.warn(`removed what crashed simulators left behind on bridges ${cleaned.join(', ')}`);
    try {
      await claimOwnership(this.layout.ownerFile);
      await createGuestBridge(this.layout, this.subnet, METADATA_PORT);
      await this.metadata.listen(this.subnet.gateway, METADATA_PORT);
    } catch (err) {
      await this.metadata.close();
      await removeRun(this.layout);
      throw err;
    }
    this.state.events.on(SECURITY_GROUPS_CHANGED, this.onRulesChanged);
    this.resyncTimer = setInterval(() => this.scheduleFirewallSync(), FIREWALL_RESYNC_MS);
    this.resyncTimer.unref();
    this.logger.log(
      `VMs are real hosts: bridge ${this.layout.bridge} (gateway ${this.subnet.gateway}/${this.subnet.prefixLength}), ` +
        `metadata at http://${this.subnet.gateway}/latest/, disks under ${this.layout.runDir}`,
    );
  }

  async boot(vm: VirtualMachineRecord): Promise<void> {
    if (this.closing) throw new Error('the simulator is shutting down');
    const nic = vm.nic[0];
    if (!nic || !subnetContains(this.subnet, nic.ipaddress)) {
      throw new Error(`VM ${vm.name}'s address ${nic?.ipaddress} is not in the bridge's subnet ${this.subnet.cidr}`);
    }
    const started = Date.now();
    const files = this.layout.files(vm.id);
    await Promise.all([files.upper, files.work, files.root].map((dir) => mkdir(dir, { recursive: true })));
    const guest: RunningGuest = {
      namespace: await createGuestNetwork(this.layout, vm.id, nic, this.subnet),
      firewall: '',
      firewallQueue: Promise.resolve(),
    };
    this.guests.set(vm.id, guest);
    try {
      // Closed before anything listens: no window in which the VM's ports are open.
      await this.refreshFirewall(vm, guest);
      const spec = { vmId: vm.id, hostname: vm.name, metadataUrl: `http://${this.subnet.gateway}` };
      await writeFile(files.bootScript, renderBootScript(this.layout, spec), { mode: 0o700 });
      await writeFile(files.initScript, renderGuestInit(spec), { mode: 0o700 });
      const offset = await fileSize(files.console);
      if (this.closing) throw new Error('the simulator is shutting down');
      guest.process = GuestProcess.start(guest.namespace, files.bootScript, files.console);
      await guest.process.waitForConsole(files.console, offset, GUEST_READY_MARKER, BOOT_TIMEOUT_MS);
    } catch (err) {
      await this.haltGuest(vm.id);
      throw err;
    }
    this.logger.log(`VM ${vm.name} booted at ${nic.ipaddress} in ${Date.now() - started} ms`);
  }

  async halt(vm: VirtualMachineRecord): Promise<void> {
    await this.haltGuest(vm.id);
  }

  async reboot(vm: VirtualMachineRecord): Promise<void> {
    await this.haltGuest(vm.id);
    await this.boot(vm);
  }

  async remove(vm: VirtualMachineRecord): Promise<void> {
    await this.haltGuest(vm.id);
    await rm(this.layout.vmDir(vm.id), { recursive: true, force: true });
  }

  /** Idle memory of a running VM's processes, or undefined when it is not running. */
  async memoryOf(vmId: string): Promise<GuestMemory | undefined> {
    const guest = this.guests.get(vmId);
    return guest ? measureGuestMemory(guest.namespace) : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.state.events.off(SECURITY_GROUPS_CHANGED, this.onRulesChanged);
    clearInterval(this.resyncTimer);
    await Promise.all([...this.guests.keys()].map((id) => this.haltGuest(id)));
    await this.metadata.close();
    // VMs live in memory only: their disks mean nothing to the next run.
    await removeRun(this.layout);
  }

  private async haltGuest(vmId: string): Promise<void> {
    const guest = this.guests.get(vmId);
    if (!guest) return;
    this.guests.delete(vmId);
    await guest.process?.stop(STOP_GRACE_MS);
    await killNamespace(guest.namespace);
    await removeGuestNetwork(this.layout, vmId);
  }

  private refreshFirewall(vm: VirtualMachineRecord, guest: RunningGuest): Promise<void> {
    const next = guest.firewallQueue.then(async () => {
      const ruleset = renderGuestFirewall(
        this.state.securityRulesFor(vm, 'ingress'),
        this.state.securityRulesFor(vm, 'egress'),
        this.subnet.gateway,
      );
      if (ruleset === guest.firewall) return;
      await runHostCommand('ip', ['netns', 'exec', guest.namespace, 'nft', '-f', '-'], { input: ruleset });
      guest.firewall = ruleset;
    });
    guest.firewallQueue = next.catch(() => undefined);
    return next;
  }

  private scheduleFirewallSync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = this.syncFirewalls().finally(() => {
      this.syncing = undefined;
      if (this.syncAgain) {
        this.syncAgain = false;
        this.scheduleFirewallSync();
      }
    });
  }

  private async syncFirewalls(): Promise<void> {
    await Promise.all(
      [...this.guests].map(async ([vmId, guest]) => {
        const vm = this.state.virtualMachines.get(vmId);
        if (!vm) return;
        try {
          await this.refreshFirewall(vm, guest);
        } catch (err) {
          // A VM halted meanwhile has no namespace left to load rules into.
          if (this.guests.get(vmId) === guest)
            this.logger.warn(`security groups of VM ${vm.name}: ${(err as Error).message}`);
        }
      }),
    );
  }

  private metadataFor(source: string): GuestMetadata | undefined {
    const vm = this.state.liveVirtualMachines().find((candidate) => candidate.nic[0]?.ipaddress === source);
    if (!vm || !this.guests.has(vm.id)) return undefined;
    return guestMetadata({
      id: vm.id,
      name: vm.name,
      ipaddress: source,
      publicIpAddress: this.state.staticNatAddressOf(vm.id)?.ipaddress,
      userdataBase64: vm.userdata,
      zoneName: this.catalogue.zone.name,
      serviceOfferingName: this.catalogue.findServiceOffering(vm.serviceofferingid)?.name ?? '',
      publicKeys: this.state.publicKeysFor(vm),
      cloudIdentifier: this.cloudIdentifier,
      // The machine the VM really runs on.
      hypervisorHostName: hostname(),
    });
  }
}
