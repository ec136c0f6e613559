import { AccountRecord } from '../state/records';

/** The owner fields every ControlledEntityResponse carries. */
export function ownerFields(account: AccountRecord) {
  return { account: account.name, domainid: account.domainid, domain: account.domain };
}
