export * from './stack-status-changed';
