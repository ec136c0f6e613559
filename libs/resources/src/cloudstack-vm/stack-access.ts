import { CloudStackApiError, CloudStackClient } from '@cfn/cloudstack';

import { StackAccess } from '../resource-type-plugin';
import { ignoringGone } from '../stack-tagging/stack-tags';

interface PreparedAccess {
  keyPairName: string;
  securityGroupIds: string[];
  /**
   * Settles when the group's SSH rule is in force. A VM may be deployed into the group before (the rule applies to
   * it when its job ends), so deploys need not wait for that job; the VM's create waits for it before completing.
   */
  ruleInForce: Promise<void>;
}

/** Per client and key pair name: the preparation in flight or done, shared by the stack's concurrent deploys. */
const prepared = new WeakMap<CloudStackClient, Map<string, Promise<PreparedAccess>>>();

/**
 * Makes sure the stack's key pair is registered and, in zones with security groups, that the stack's management
 * group (named like the key pair) exists and opens TCP 22 to the management range only. Both are named after
 * the stack, so a retry or another worker finds them instead of making them twice.
 */
export function prepareStackAccess(
  cloud: CloudStackClient,
  access: StackAccess,
  zoneHasSecurityGroups: boolean,
): Promise<PreparedAccess> {
  let byName = prepared.get(cloud);
  if (!byName) prepared.set(cloud, (byName = new Map()));
  const key = `${access.keyPair.name}|${zoneHasSecurityGroups}`;
  let pending = byName.get(key);
  if (!pending) {
    pending = prepare(cloud, access, zoneHasSecurityGroups);
    byName.set(key, pending);
    const forget = () => byName!.delete(key);
    pending.then((done) => done.ruleInForce.catch(forget), forget);
  }
  return pending;
}

async function prepare(
  cloud: CloudStackClient,
  access: StackAccess,
  zoneHasSecurityGroups: boolean,
): Promise<PreparedAccess> {
  const { name, publicKey } = access.keyPair;
  await ignoringAlreadyExists(() => cloud.request('registerSSHKeyPair', { name, publickey: publicKey }));
  if (!zoneHasSecurityGroups || !access.managementCidr)
    return { keyPairName: name, securityGroupIds: [], ruleInForce: Promise.resolve() };
  let group = await findGroup(cloud, name);
  if (!group) {
    await ignoringAlreadyExists(() =>
      cloud.request('createSecurityGroup', {
        name,
        description: "cfn-cloudstack: SSH from the configurator to this stack's VMs",
      }),
    );
    group = (await findGroup(cloud, name))!;
  }
  const opened = (group.ingressrule ?? []).some(
    (rule) =>
      rule.protocol === 'tcp' && rule.startport === 22 && rule.endport === 22 && rule.cidr === access.managementCidr,
  );
  let ruleInForce = Promise.resolve();
  if (!opened) {
    const { jobid } = await cloud.request<{ jobid: string }>('authorizeSecurityGroupIngress', {
      securitygroupid: group.id,
      protocol: 'tcp',
      startport: 22,
      endport: 22,
      cidrlist: access.managementCidr,
    });
    ruleInForce = cloud.waitForJob(jobid).then(() => undefined);
    // Observed by every VM of the stack; this keeps a failure from also surfacing as an unhandled rejection.
    ruleInForce.catch(() => undefined);
  }
  return { keyPairName: name, securityGroupIds: [group.id], ruleInForce };
}

interface SecurityGroup {
  id: string;
  name: string;
  ingressrule?: Array<{ protocol: string; startport: number; endport: number; cidr?: string }>;
}

async function findGroup(cloud: CloudStackClient, name: string): Promise<SecurityGroup | undefined> {
  const groups = await cloud.listAll<SecurityGroup>('listSecurityGroups', { securitygroupname: name }, 'securitygroup');
  return groups.find((group) => group.name === name);
}

async function ignoringAlreadyExists(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof CloudStackApiError && /already exists/i.test(error.errortext))) throw error;
  }
}

/** Removes what prepareStackAccess made for a stack whose VMs are all gone. Missing objects are fine. */
export async function removeStackAccess(cloud: CloudStackClient, keyPairName: string): Promise<void> {
  const byName = prepared.get(cloud);
  for (const key of [...(byName?.keys() ?? [])]) if (key.startsWith(`${keyPairName}|`)) byName!.delete(key);
  const group = await findGroup(cloud, keyPairName);
  if (group) await ignoringGone(() => cloud.request('deleteSecurityGroup', { id: group.id }));
  try {
    await cloud.request('deleteSSHKeyPair', { name: keyPairName });
  } catch (error) {
    // CloudStack answers a key pair that is not there with 431 ("A key pair with name ... does not exist").
    if (!(error instanceof CloudStackApiError && error.errorcode === 431)) throw error;
  }
}
