export * from './action-router';
export * from './aws-error';
export * from './query-params';
export * from './sigv4-verifier';
export * from './xml-response';
