export * from './signature';
export * from './cloudstack-date';
export * from './errors';
export * from './cloudstack-client-options';
export * from './cloudstack-client';
export * from './token-bucket';
export * from './resource-lookup';
export * from './redaction';
