export * from './stack-update-requested';
export * from './stack-update-checked';
export * from './stack-update-control';
export * from './resource-update';
