import { TemplateDocument, TemplateValidationError } from '@cfn/template';

import { ResourceRegistry } from '../resource-registry';

/**
 * DeletionPolicy (and UpdateReplacePolicy) Snapshot is accepted only on resource types that can be snapshotted
 * (here: volumes, whose plugin has `snapshot`), as AWS and cfn-lint accept it only on the types that support it.
 */
export function checkSnapshotPolicies(template: TemplateDocument, registry: ResourceRegistry): void {
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      if (resource[attribute] !== 'Snapshot') continue;
      const plugin = registry.get(resource.Type);
      if (!plugin || plugin.snapshot) continue;
      throw new TemplateValidationError(
        `Template format error: [/Resources/${logicalId}/${attribute}] 'Snapshot' is not one of ` +
          `['Delete', 'Retain'${attribute === 'DeletionPolicy' ? ", 'RetainExceptOnCreate'" : ''}] ` +
          `for resource type ${resource.Type}`,
      );
    }
  }
}
