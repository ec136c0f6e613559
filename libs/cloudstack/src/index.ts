export * from './signature';
export * from './cloudstack-date';
export * from './errors';
export * from './cloudstack-client-options';
export * from './cloudstack-client';
