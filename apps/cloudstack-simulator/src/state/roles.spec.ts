import { stableUuid } from '../catalogue/stable-uuid';
import { findRole, isCommandAllowed, roleOfAccountType, roleOfType } from './roles';

describe('roles', () => {
  it('has the default roles with stable ids', () => {
    expect(roleOfType('Admin')).toMatchObject({
      id: stableUuid('role', 'Root Admin'),
      name: 'Root Admin',
      accounttype: 1,
    });
    expect(roleOfAccountType(2)).toMatchObject({ name: 'Domain Admin', type: 'DomainAdmin' });
    expect(findRole(stableUuid('role', 'User'))).toMatchObject({ type: 'User', accounttype: 0 });
    expect(findRole('nope')).toBeUndefined();
  });

  it('lets a root admin call everything, a domain admin all but getUser, a user no administration', () => {
    expect(isCommandAllowed('Admin', 'getUser')).toBe(true);
    expect(isCommandAllowed('DomainAdmin', 'getUser')).toBe(false);
    expect(isCommandAllowed('DomainAdmin', 'createAccount')).toBe(true);
    for (const command of [
      'getUser',
      'createAccount',
      'createUser',
      'disableUser',
      'enableUser',
      'lockUser',
      'deleteUser',
      'createDomain',
    ]) {
      expect(isCommandAllowed('User', command)).toBe(false);
    }
    for (const command of [
      'getUserKeys',
      'registerUserKeys',
      'listUsers',
      'listAccounts',
      'listDomains',
      'deployVirtualMachine',
    ]) {
      expect(isCommandAllowed('User', command)).toBe(true);
    }
  });
});
