export * from './resource-configure-requested';
export * from './resource-configure-outcome';
export * from './resource-configure-progress';
