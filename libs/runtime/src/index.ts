export * from './cpu-priority';
export * from './environment';
export * from './expiring-cache';
export * from './ids';
export * from './retry';
export * from './service-logger';
export * from './write-coalescer';
