import { stableUuid } from '../catalogue/stable-uuid';
import { AccountType, RoleType } from './records';

/** One of CloudStack's default roles (listRoles); ids are stable across starts. */
export interface RoleDefinition {
  id: string;
  /** CloudStack's ids of the default roles: 1 Root Admin, 3 Domain Admin, 4 User. */
  internalId: number;
  name: string;
  type: RoleType;
  description: string;
  /** The account type an account of this role has. */
  accounttype: AccountType;
}

const role = (
  internalId: number,
  name: string,
  type: RoleType,
  accounttype: AccountType,
  description: string,
): RoleDefinition => ({
  id: stableUuid('role', name),
  internalId,
  name,
  type,
  description,
  accounttype,
});

/** The default roles the simulator knows (CloudStack also has Resource Admin and read-only/support roles). */
export const ROLES: readonly RoleDefinition[] = [
  role(1, 'Root Admin', 'Admin', 1, 'Default root admin role'),
  role(3, 'Domain Admin', 'DomainAdmin', 2, 'Default domain admin role'),
  role(4, 'User', 'User', 0, 'Default user role'),
];

export const ROLE_TYPES: readonly RoleType[] = ['User', 'DomainAdmin', 'Admin'];

export function roleOfType(type: RoleType): RoleDefinition {
  return ROLES.find((r) => r.type === type)!;
}

export function roleOfAccountType(accounttype: AccountType): RoleDefinition {
  return ROLES.find((r) => r.accounttype === accounttype)!;
}

export function findRole(id: string): RoleDefinition | undefined {
  return ROLES.find((r) => r.id === id);
}

/**
 * Commands not every role may call, with the role types that may (the APICommand `authorized` lists and the
 * default role permissions of CloudStack 4.18). Every other command is open to every role; a root admin may call
 * everything.
 */
const RESTRICTED_COMMANDS: Record<string, readonly RoleType[]> = {
  getUser: ['Admin'],
  createAccount: ['Admin', 'DomainAdmin'],
  disableAccount: ['Admin', 'DomainAdmin'],
  enableAccount: ['Admin', 'DomainAdmin'],
  createUser: ['Admin', 'DomainAdmin'],
  deleteUser: ['Admin', 'DomainAdmin'],
  disableUser: ['Admin', 'DomainAdmin'],
  enableUser: ['Admin', 'DomainAdmin'],
  lockUser: ['Admin', 'DomainAdmin'],
  createDomain: ['Admin', 'DomainAdmin'],
  listRoles: ['Admin', 'DomainAdmin'],
};

/** DynamicRoleBasedAPIAccessChecker: whether an account of this role type may call the command. */
export function isCommandAllowed(roletype: RoleType, command: string): boolean {
  if (roletype === 'Admin') return true;
  const allowed = RESTRICTED_COMMANDS[command];
  return allowed === undefined || allowed.includes(roletype);
}
