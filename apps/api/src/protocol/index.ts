export * from './aws-error';
export * from './query-params';
export * from './xml-response';
export * from './sigv4-verifier';
export * from './action-router';
