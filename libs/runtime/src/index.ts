export * from './environment';
export * from './retry';
export * from './service-logger';
export * from './ids';
export * from './write-coalescer';
export * from './cpu-priority';
export * from './expiring-cache';
