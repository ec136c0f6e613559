export * from './api/account.entity';
export * from './api/credential.entity';
export * from './api/stack-request.entity';
export * from './planner/stack.entity';
export * from './planner/stack-resource.entity';
export * from './planner/stack-event.entity';
export * from './provisioner/cloud-operation.entity';
export * from './audit/audit-record.entity';
