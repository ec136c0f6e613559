export * from './resource-configure-outcome';
export * from './resource-configure-progress';
export * from './resource-configure-requested';
