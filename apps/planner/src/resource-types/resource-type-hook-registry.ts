import { StackResource } from '@cfn/persistence';
import { TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { hasConfigurationMetadata } from '../configuration/configuration-request';
import { RESOURCE_TYPE_HOOKS, ResourceTypeHooks } from './resource-type-hooks';

/** An ordinary cloud resource: the provisioner makes, changes and deletes it, and the planner has nothing to add. */
const CLOUD_RESOURCE: ResourceTypeHooks = { types: [] };

/** Every type's planner hooks, by type; a type without hooks gets the ordinary cloud resource's. */
@Injectable()
export class ResourceTypeHookRegistry {
  private readonly byType = new Map<string, ResourceTypeHooks>();

  constructor(@Inject(RESOURCE_TYPE_HOOKS) hooks: ResourceTypeHooks[]) {
    for (const typeHooks of hooks) {
      for (const type of typeHooks.types) {
        if (this.byType.has(type)) throw new Error(`Two sets of planner hooks for resource type ${type}`);
        this.byType.set(type, typeHooks);
      }
    }
  }

  of(type: string): ResourceTypeHooks {
    return this.byType.get(type) ?? CLOUD_RESOURCE;
  }

  /** Whether the planner itself decides when the resource's create is complete (it waits for signals). */
  waitsItself(resource: StackResource): boolean {
    return this.of(resource.resourceType).checkCreateComplete !== undefined;
  }

  workerProperties(type: string, properties: Record<string, unknown>, rows: StackResource[]): Record<string, unknown> {
    return this.of(type).workerProperties?.(properties, rows) ?? properties;
  }

  /** The resource's VM is configured by the configurator once made (it has configuration Metadata about itself). */
  needsConfiguration(template: TemplateDocument, logicalId: string): boolean {
    const type = template.Resources[logicalId]?.Type;
    return hasConfigurationMetadata(template, logicalId) && this.of(type).configuresItself !== false;
  }
}
