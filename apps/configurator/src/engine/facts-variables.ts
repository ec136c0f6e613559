import { ConfigureFactsV1 } from '@cfn/contracts';

/**
 * What templates, `when` and loops see of the stack: `parameters`, `resources.<Id>.attributes.<Name>` (and
 * `.physicalId`), `groups.<name>` (every member's logicalId, index, address in index order), `self` (this VM's
 * logicalId, index, group, address), `stack` (id, name), and Ansible's `inventory_hostname` / `ansible_host`.
 */
export function factsVariables(
  facts: ConfigureFactsV1,
  stack: { id: string; name: string },
  address: string,
): Record<string, unknown> {
  return {
    parameters: facts.parameters,
    resources: facts.resources,
    groups: facts.groups,
    self: { ...facts.self, address },
    stack,
    inventory_hostname: facts.self.logicalId,
    ansible_host: address,
  };
}
