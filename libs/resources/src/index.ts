export * from './resource-type-plugin';
export * from './resource-registry';
export * from './cloudstack-vm/vm-naming';
export * from './cloudstack-vm/virtual-machine-deployer';
export * from './ec2-instance/ec2-instance.plugin';
export * from './cloudstack-vm/cloudstack-virtual-machine.plugin';
export * from './stack-template-checker';
