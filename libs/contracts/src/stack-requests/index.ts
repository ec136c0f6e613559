export * from './stack-create-requested';
export * from './stack-delete-requested';
export * from './stack-creation-continued';
