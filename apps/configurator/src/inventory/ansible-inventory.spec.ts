import { parse } from 'yaml';

import { inventoryGroupName, InventoryHost, renderInventory } from './ansible-inventory';

const hosts: InventoryHost[] = [
  { logicalId: 'Zk2', groupName: 'ZooKeeper', groupIndex: 2, address: '10.0.0.12', port: 22, loginUser: 'root' },
  { logicalId: 'Zk0', groupName: 'ZooKeeper', groupIndex: 0, address: '10.0.0.10', port: 22, loginUser: 'root' },
  { logicalId: 'Zk1', groupName: 'ZooKeeper', groupIndex: 1, address: '10.0.0.11', port: null, loginUser: null },
  { logicalId: 'Web', groupName: null, groupIndex: 0, address: '10.0.0.20', port: 2222, loginUser: 'debian' },
];

describe('renderInventory', () => {
  it("writes Ansible's YAML inventory: hosts by logical id, groups in index order", () => {
    const inventory = parse(renderInventory(hosts, { privateKeyFile: '/tmp/key', knownHostsFile: '/tmp/kh' }));
    expect(inventory.all.vars).toEqual({
      ansible_ssh_private_key_file: '/tmp/key',
      ansible_ssh_common_args: '-o UserKnownHostsFile=/tmp/kh -o StrictHostKeyChecking=yes',
    });
    expect(inventory.all.hosts.Web).toEqual({
      ansible_host: '10.0.0.20',
      ansible_port: 2222,
      ansible_user: 'debian',
      ansible_become: 'true',
      cfn_logical_id: 'Web',
    });
    expect(inventory.all.hosts.Zk1).toEqual({
      ansible_host: '10.0.0.11',
      cfn_logical_id: 'Zk1',
      cfn_group: 'ZooKeeper',
      cfn_group_index: 1,
    });
    expect(Object.keys(inventory.all.children.ZooKeeper.hosts)).toEqual(['Zk0', 'Zk1', 'Zk2']);
  });

  it('writes the INI format too', () => {
    const ini = renderInventory(hosts, { format: 'ini', privateKeyFile: '/tmp/key' });
    expect(ini).toContain(
      '[all]\nWeb ansible_host=10.0.0.20 ansible_port=2222 ansible_user=debian ansible_become=true cfn_logical_id=Web\n',
    );
    expect(ini).toContain('[ZooKeeper]\nZk0\nZk1\nZk2\n');
    expect(ini).toContain('[all:vars]\nansible_ssh_private_key_file="/tmp/key"\n');
  });

  it('makes group names Ansible accepts and never gives a group the name of a host', () => {
    expect(inventoryGroupName('zk-ensemble.1')).toBe('zk_ensemble_1');
    expect(inventoryGroupName('1st')).toBe('_1st');
    const clash = renderInventory([
      { logicalId: 'Web', groupName: 'Web', groupIndex: 0, address: 'a', port: 22, loginUser: 'root' },
    ]);
    expect(Object.keys(parse(clash).all.children)).toEqual(['Web_group']);
  });
});
