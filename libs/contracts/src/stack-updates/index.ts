export * from './resource-update';
export * from './stack-update-checked';
export * from './stack-update-control';
export * from './stack-update-requested';
