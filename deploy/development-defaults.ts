/**
 * The keys every local run shares when the environment gives none: the simulator's administrator keys and the
 * bootstrap CloudFormation credentials. They are public, for development and demos only.
 */
export const DEVELOPMENT_DEFAULTS: Record<string, string> = {
  CLOUDSTACK_API_URL: 'http://127.0.0.1:8080/client/api',
  CLOUDSTACK_API_KEY: 'sim-admin-api-key',
  CLOUDSTACK_SECRET_KEY: 'sim-admin-secret-key',
  CFN_BOOTSTRAP_ACCESS_KEY_ID: 'AKIDCFNCLOUDSTACK',
  CFN_BOOTSTRAP_SECRET_ACCESS_KEY: 'cfn-cloudstack-development-secret',
  CFN_SSH_MASTER_SECRET: 'cfn-cloudstack-development-ssh-master-secret',
  // Encrypts the private keys of AWS::EC2::KeyPair resources at rest and, CFN_DATA_KEY unset, is the data key that
  // seals credentials' secrets and stack parameters (docs/secrets-at-rest.md).
  CFN_KEY_ENCRYPTION_SECRET: 'cfn-cloudstack-development-key-encryption-secret',
  // A CloudStack user of its own account in the simulator, to sign with as a tenant would (README, "Use your
  // CloudStack keys").
  SIM_ACCOUNTS: '[{"name":"demo","apiKey":"demo-user-api-key","secretKey":"demo-user-secret-key"}]',
  // The host's address on the simulator's guest bridge, where the configurator's SSH connections come from.
  CFN_MANAGEMENT_CIDR: '10.77.0.1/32',
};
