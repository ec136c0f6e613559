export * from './template-validated';
export * from './template-rejected';
