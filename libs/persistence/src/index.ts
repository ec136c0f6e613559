export * from './entities';
export * from './data-source';
export * from './ensure-database';
export * from './migrate';
export * from './messaging-tables';
export * from './persistence.module';
export * from './sql-errors';
export * from './key-pairs/private-key-cipher';
