export * from './stack-create-requested';
export * from './stack-delete-requested';
