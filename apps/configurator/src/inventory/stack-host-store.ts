import { ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { ConfigurationStackHost } from '@cfn/persistence';
import { DataSource } from 'typeorm';

/**
 * The last known hosts of each stack, kept from configure requests (the configurator reads no other app's tables):
 * the VM being configured with its SSH port and login, and every member of every group with its address.
 */
export class StackHostStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(request: ResourceConfigureRequestedV1): Promise<void> {
    const now = new Date();
    const members = Object.entries(request.facts.groups).flatMap(([group, list]) =>
      list.map((member) => ({ group, member })),
    );
    // Rows are written in logical-id order: the members of a group are configured at once, and transactions
    // that lock the same rows in different orders deadlock.
    const others = members.filter(({ member }) => member.logicalId !== request.logicalId);
    const rows = [
      ...others.map((entry) => ({ logicalId: entry.member.logicalId, entry })),
      { logicalId: request.logicalId, entry: null },
    ].sort((a, b) => (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0));
    await this.dataSource.transaction(async (manager) => {
      for (const { entry } of rows) {
        if (entry) {
          const { group, member } = entry;
          // Port and login of a member are known once it is configured itself; until then keep what is there.
          await manager.query(
            `INSERT INTO configuration_stack_hosts (stack_id, logical_id, stack_name, group_name, group_index, address, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))
             ON DUPLICATE KEY UPDATE group_name = VALUES(group_name), group_index = VALUES(group_index), address = VALUES(address),
               stack_name = VALUES(stack_name), updated_at = VALUES(updated_at)`,
            [request.stackId, member.logicalId, request.stackName, group, member.index, member.address],
          );
          continue;
        }
        await manager.getRepository(ConfigurationStackHost).upsert(
          {
            stackId: request.stackId,
            logicalId: request.logicalId,
            stackName: request.stackName,
            groupName: request.facts.self.group,
            groupIndex: request.facts.self.index,
            address: request.host.address,
            port: request.host.port,
            loginUser: request.host.user,
            updatedAt: now,
          },
          ['stackId', 'logicalId'],
        );
      }
    });
  }

  /** A stack's hosts by stack id, or by name (the stack of that name seen last). */
  async forStack(stackIdOrName: string): Promise<ConfigurationStackHost[]> {
    const repository = this.dataSource.getRepository(ConfigurationStackHost);
    let hosts = await repository.find({
      where: { stackId: stackIdOrName },
      order: { groupName: 'ASC', groupIndex: 'ASC', logicalId: 'ASC' },
    });
    if (hosts.length === 0) {
      const latest = await repository.findOne({ where: { stackName: stackIdOrName }, order: { updatedAt: 'DESC' } });
      if (latest) hosts = await this.forStack(latest.stackId);
    }
    return hosts;
  }
}
