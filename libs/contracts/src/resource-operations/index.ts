export * from './resource-operation-outcome';
export * from './resource-operation-requested';
