export * from './nested-stack-create-requested';
