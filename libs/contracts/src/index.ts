export * from './message-contract';
export * from './stack-requests';
export * from './template-validation';
export * from './resource-operations';
export * from './resource-configuration';
export * from './stack-status';
export * from './all-contracts';
export * from './message-validator';
