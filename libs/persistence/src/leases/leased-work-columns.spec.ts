import { getMetadataArgsStorage } from 'typeorm';
import { MetadataUtils } from 'typeorm/metadata-builder/MetadataUtils';

import { ConfigurationRun } from '../entities/configurator/configuration-run.entity';
import { CloudOperation } from '../entities/provisioner/cloud-operation.entity';

/** The column names an entity maps, its own and those it inherits (as TypeORM's metadata builder collects them). */
const columnsOf = (target: new () => object) =>
  getMetadataArgsStorage()
    .filterColumns(MetadataUtils.getInheritanceTree(target))
    .map((column) => column.options.name ?? column.propertyName);

describe('LeasedWorkColumns', () => {
  it.each([
    ['cloud_operations', CloudOperation],
    ['configuration_runs', ConfigurationRun],
  ])('gives %s its lease columns once, under the names WorkLeases uses', (_table, entity) => {
    const columns = columnsOf(entity);
    for (const name of ['lease_owner', 'lease_expires_at', 'request']) {
      expect(columns.filter((column) => column === name)).toEqual([name]);
    }
  });
});
