import { configurationReferences } from './configuration-references';
import { TemplateValidationError } from './errors';
import { collectReferences } from './references';
import type { ResourceDefinition, TemplateDocument } from './template-types';

export function dependsOnList(resource: ResourceDefinition): string[] {
  const dependsOn = resource.DependsOn;
  if (dependsOn === undefined) return [];
  return Array.isArray(dependsOn) ? dependsOn : [dependsOn];
}

/**
 * Logical ids of the resources `logicalId` needs before it can be created: those it names
 * through Ref, Fn::GetAtt or Fn::Sub anywhere in its definition, those its configuration tasks read through the
 * `resources` fact, plus its DependsOn.
 * Parameters and pseudo parameters are not resources and are left out.
 */
export function resourceDependencies(template: TemplateDocument, logicalId: string): string[] {
  const resources = template.Resources ?? {};
  const resource = resources[logicalId];
  if (!resource) return [];
  const { DependsOn: _dependsOn, Type: _type, ...rest } = resource;
  const named = collectReferences(rest).map((reference) => reference.target);
  const isResource = (id: string) => Object.prototype.hasOwnProperty.call(resources, id);
  return [
    ...new Set([
      ...named.filter(isResource),
      ...configurationReferences(resources, logicalId),
      ...dependsOnList(resource),
    ]),
  ];
}

export function circularDependencyError(cycle: string[]): TemplateValidationError {
  return new TemplateValidationError(`Circular dependency between resources: [${cycle.join(', ')}]`);
}

export interface DependencyGraphOptions {
  /** Resources to keep in the graph (e.g. those whose Condition is true); all by default. */
  include?: (logicalId: string) => boolean;
}

/** The create/delete ordering of a template's resources. */
export class DependencyGraph {
  private readonly nodes: string[];
  private readonly dependencies = new Map<string, string[]>();
  private readonly dependents = new Map<string, string[]>();

  constructor(template: TemplateDocument, options: DependencyGraphOptions = {}) {
    const include = options.include ?? (() => true);
    this.nodes = Object.keys(template.Resources ?? {}).filter(include);
    const present = new Set(this.nodes);
    for (const id of this.nodes) this.dependents.set(id, []);
    for (const id of this.nodes) {
      const needs = resourceDependencies(template, id).filter((dependency) => present.has(dependency));
      this.dependencies.set(id, needs);
      for (const dependency of needs) this.dependents.get(dependency)!.push(id);
    }
  }

  resources(): string[] {
    return [...this.nodes];
  }

  dependenciesOf(logicalId: string): string[] {
    return [...(this.dependencies.get(logicalId) ?? [])];
  }

  dependentsOf(logicalId: string): string[] {
    return [...(this.dependents.get(logicalId) ?? [])];
  }

  /** A creation order (dependencies first, template order among equals); throws on a cycle. */
  topologicalOrder(): string[] {
    const remaining = new Map(this.nodes.map((id) => [id, this.dependencies.get(id)!.length]));
    const order: string[] = [];
    let ready = this.nodes.filter((id) => remaining.get(id) === 0);
    while (ready.length > 0) {
      const next: string[] = [];
      for (const id of ready) {
        order.push(id);
        for (const dependent of this.dependents.get(id)!) {
          const left = remaining.get(dependent)! - 1;
          remaining.set(dependent, left);
          if (left === 0) next.push(dependent);
        }
      }
      const nextSet = new Set(next);
      ready = this.nodes.filter((id) => nextSet.has(id));
    }
    if (order.length < this.nodes.length) throw circularDependencyError(this.findCycle() ?? []);
    return order;
  }

  /** One cycle as the list of its members in dependency order, or null. */
  findCycle(): string[] | null {
    const state = new Map<string, 'visiting' | 'done'>();
    const path: string[] = [];
    const visit = (id: string): string[] | null => {
      state.set(id, 'visiting');
      path.push(id);
      for (const dependency of this.dependencies.get(id)!) {
        if (state.get(dependency) === 'visiting') return path.slice(path.indexOf(dependency));
        if (!state.has(dependency)) {
          const cycle = visit(dependency);
          if (cycle) return cycle;
        }
      }
      path.pop();
      state.set(id, 'done');
      return null;
    };
    for (const id of this.nodes) {
      if (state.has(id)) continue;
      const cycle = visit(id);
      if (cycle) return cycle;
    }
    return null;
  }

  /** Resources not yet started whose dependencies have all completed. */
  readyToCreate(completed: Set<string>, started: Set<string>): string[] {
    return this.nodes.filter(
      (id) =>
        !completed.has(id) &&
        !started.has(id) &&
        this.dependencies.get(id)!.every((dependency) => completed.has(dependency)),
    );
  }

  /** Present resources not yet started whose dependents are all deleted or absent. */
  readyToDelete(deleted: Set<string>, started: Set<string>, present: Set<string>): string[] {
    return this.nodes.filter(
      (id) =>
        present.has(id) &&
        !deleted.has(id) &&
        !started.has(id) &&
        this.dependents.get(id)!.every((dependent) => deleted.has(dependent) || !present.has(dependent)),
    );
  }
}
