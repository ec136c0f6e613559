import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { parse } from 'yaml';

import { deriveStackKeyPair } from '../../libs/ssh/src';
import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';
import { configureHostsWithEngine } from './engine-over-ssh';

const run = promisify(execFile);

const NODES = ['Node1', 'Node2', 'Node3'];
const CONFIGURE = {
  group: 'nodes',
  tasks: [
    {
      name: 'the members file',
      copy: {
        dest: '/etc/cfn-demo/members',
        content: '{% for m in groups.nodes %}{{ m.address }} {% endfor %}me={{ self.index }}\n',
      },
    },
  ],
};
const TEMPLATE = JSON.stringify({
  Resources: Object.fromEntries(
    NODES.map((id) => [
      id,
      {
        Type: 'AWS::EC2::Instance',
        Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' },
        Metadata: { 'CloudStack::Configure': CONFIGURE },
      },
    ]),
  ),
});

interface InventoryHostVars {
  ansible_host: string;
  ansible_user: string;
  cfn_group_index: number;
}

/**
 * Users run their own playbooks against what a stack built: the configurator's inventory CLI writes the inventory,
 * the stack's key and the recorded host keys, and the `ansible` of Debian reaches every VM with host keys checked.
 */
describe('the inventory of a stack with Ansible from Debian', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });
  const work = mkdtempSync(join(tmpdir(), 'cfn-ansible-'));
  let stackId = '';

  beforeAll(async () => {
    await system.start();
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'inventoried', TemplateBody: TEMPLATE }));
    stackId = StackId!.split('/').pop()!;
    expect(await settledStatus(cfn, 'inventoried', 240_000)).toBe('CREATE_COMPLETE');
  }, 360_000);

  afterAll(async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new DeleteStackCommand({ StackName: 'inventoried' })).catch(() => undefined);
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: 'inventoried' },
    ).catch(() => undefined);
    await system.stop();
    rmSync(work, { recursive: true, force: true });
  }, 180_000);

  async function inventoryCli(...args: string[]): Promise<void> {
    await run('node', [join(__dirname, '../../dist/apps/configurator/src/inventory.cli.js'), 'inventoried', ...args], {
      env: { ...process.env, DATABASE_URL: system.databaseUrl, CFN_SSH_MASTER_SECRET: system.sshMasterSecret },
      timeout: 30_000,
    });
  }

  /** Ad-hoc `ansible` with its JSON callback; returns each host's result of the one task. */
  async function ansible(
    inventory: string,
    pattern: string,
    ...args: string[]
  ): Promise<Record<string, Record<string, unknown>>> {
    const { stdout } = await run('/usr/bin/ansible', [pattern, '-i', inventory, ...args], {
      env: {
        ...process.env,
        ANSIBLE_CONFIG: join(work, 'none.cfg'),
        ANSIBLE_LOAD_CALLBACK_PLUGINS: '1',
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_HOME: join(work, 'ansible-home'),
        // A fresh ControlMaster per call: a master left by an earlier call would skip the host key check.
        ANSIBLE_SSH_CONTROL_PATH_DIR: mkdtempSync(join(work, 'cp-')),
        // The VMs' root filesystem is the host's, so this is Debian's python3 (the one Ansible was installed for).
        ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
        // Host keys are checked: the inventory points ssh at the known_hosts of the keys recorded on first contact.
        ANSIBLE_HOST_KEY_CHECKING: 'True',
      },
      timeout: 120_000,
    });
    const { plays } = JSON.parse(stdout) as {
      plays: Array<{ tasks: Array<{ hosts: Record<string, Record<string, unknown>> }> }>;
    };
    return plays[0].tasks[0].hosts;
  }

  it('writes an inventory with every VM at its address, grouped, with the stack key and the recorded host keys', async () => {
    const inventory = join(work, 'inventory.yaml');
    await inventoryCli(
      '--key-file',
      join(work, 'stack.key'),
      '--known-hosts-file',
      join(work, 'known_hosts'),
      '--out',
      inventory,
    );

    const { StackResources = [] } = await system
      .cloudFormation()
      .send(new DescribeStackResourcesCommand({ StackName: 'inventoried' }));
    const vms = await system
      .cloudStack()
      .listAll<{ id: string; nic: Array<{ ipaddress: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    const addressOf = (logicalId: string) =>
      vms.find((vm) => vm.id === StackResources.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId)!
        .nic[0].ipaddress;
    const parsed = parse(readFileSync(inventory, 'utf8')) as {
      all: { hosts: Record<string, InventoryHostVars>; children: Record<string, unknown> };
    };
    expect(Object.keys(parsed.all.hosts).sort()).toEqual(NODES);
    for (const id of NODES)
      expect(parsed.all.hosts[id]).toMatchObject({ ansible_host: addressOf(id), ansible_user: 'root' });
    expect(Object.keys(parsed.all.children)).toEqual(['nodes']);
    expect(readFileSync(join(work, 'stack.key'), 'utf8')).toBe(
      deriveStackKeyPair(system.sshMasterSecret, stackId).privateKeyOpenSsh,
    );
    expect(readFileSync(join(work, 'known_hosts'), 'utf8').trim().split('\n')).toHaveLength(NODES.length);
  });

  it('answers `ansible all -i <inventory> -m ping` with pong from every VM', async () => {
    const hosts = await ansible(join(work, 'inventory.yaml'), 'all', '-m', 'ping');
    expect(Object.keys(hosts).sort()).toEqual(NODES);
    for (const id of NODES) expect(hosts[id]).toMatchObject({ ping: 'pong' });
  });

  it('works in INI form too, by group, reaching the files the configurator wrote', async () => {
    const inventory = join(work, 'inventory.ini');
    await inventoryCli(
      '--format',
      'ini',
      '--key-file',
      join(work, 'stack.key'),
      '--known-hosts-file',
      join(work, 'known_hosts'),
      '--out',
      inventory,
    );
    const hosts = await ansible(inventory, 'nodes', '-m', 'command', '-a', 'cat /etc/cfn-demo/members');
    const addresses = NODES.map(
      (id) =>
        (
          parse(readFileSync(join(work, 'inventory.yaml'), 'utf8')) as {
            all: { hosts: Record<string, InventoryHostVars> };
          }
        ).all.hosts[id],
    );
    const ordered = [...addresses]
      .sort((a, b) => a.cfn_group_index - b.cfn_group_index)
      .map((h) => h.ansible_host)
      .join(' ');
    for (const [i, id] of NODES.entries()) {
      expect(hosts[id]).toMatchObject({ rc: 0, stdout: `${ordered} me=${addresses[i].cfn_group_index}` });
    }
  });

  it('refuses VMs whose key is not the recorded one (host keys are really checked)', async () => {
    const inventory = join(work, 'inventory.yaml');
    const wrongKnownHosts = join(work, 'known_hosts.wrong');
    const lines = readFileSync(join(work, 'known_hosts'), 'utf8').trim().split('\n');
    // One VM's address with another VM's key, and no key for the others.
    const [address] = lines[0].split(' ');
    const other = lines[1].split(' ').slice(1).join(' ');
    writeFileSync(wrongKnownHosts, `${address} ${other}\n`);
    const text = readFileSync(inventory, 'utf8').replace(join(work, 'known_hosts'), wrongKnownHosts);
    writeFileSync(join(work, 'inventory.wrong.yaml'), text);
    const result = await ansible(join(work, 'inventory.wrong.yaml'), 'all', '-m', 'ping').catch((error) => {
      const { plays } = JSON.parse(error.stdout);
      return plays[0].tasks[0].hosts as Record<string, Record<string, unknown>>;
    });
    const unreachable = Object.entries(result).filter(([, r]) => r.unreachable === true);
    expect(unreachable).toHaveLength(NODES.length);
  });

  it('reports no change when the configuration runs again on the unchanged VMs', async () => {
    const parsed = parse(readFileSync(join(work, 'inventory.yaml'), 'utf8')) as {
      all: { hosts: Record<string, InventoryHostVars> };
    };
    const hosts = Object.entries(parsed.all.hosts)
      .sort(([, a], [, b]) => a.cfn_group_index - b.cfn_group_index)
      .map(([logicalId, vars]) => ({ logicalId, address: vars.ansible_host }));
    const summaries = await configureHostsWithEngine(hosts, {
      privateKey: readFileSync(join(work, 'stack.key'), 'utf8'),
      metadata: { 'CloudStack::Configure': CONFIGURE },
      stack: { id: stackId, name: 'inventoried' },
      group: 'nodes',
      timeoutMs: 60_000,
    });
    expect(summaries).toEqual(NODES.map(() => ({ ok: 1, changed: 0, failed: 0, skipped: 0, failure: null })));
  });
});
