export * from './template-rejected';
export * from './template-validated';
