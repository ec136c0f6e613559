export * from './stack-create-requested';
export * from './stack-creation-continued';
export * from './stack-delete-requested';
