export * from './resource-operation-requested';
export * from './resource-operation-outcome';
