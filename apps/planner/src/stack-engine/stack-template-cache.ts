import { createHash } from 'node:crypto';

import { Stack } from '@cfn/persistence';
import { DependencyGraph, TemplateDocument } from '@cfn/template';
import { EntityManager } from 'typeorm';

import { includedResources } from './stack-evaluation';

interface CachedTemplate {
  template: TemplateDocument;
  graph: DependencyGraph;
  /** Its resources: what the entry weighs against the bound on resources. */
  resources: number;
}

/** Stacks kept at most. */
const CAPACITY_STACKS = 200;
/**
 * Resources of all kept templates at most. A 500-resource template with its graph takes about 4 MiB: a bound on
 * stacks alone let the cache of a planner that had seen a few hundred large stacks take gigabytes.
 */
const CAPACITY_RESOURCES = 20_000;

/** The hash that names a stack's template together with the parameters that decide its conditions. */
export function templateHashOf(template: unknown, parameters: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(template))
    .update('\n')
    .update(JSON.stringify(parameters))
    .digest('hex');
}

/**
 * Parsed templates and their dependency graphs, per stack and template hash. Each outcome message re-reads
 * the stack row; without this it would also re-read and re-parse the whole template and rebuild the graph, a
 * cost that grows with the stack instead of with the resource at hand.
 */
export class StackTemplateCache {
  private readonly entries = new Map<string, CachedTemplate>();
  private resources = 0;

  constructor(private readonly capacity = { stacks: CAPACITY_STACKS, resources: CAPACITY_RESOURCES }) {}

  /** Templates and resources kept (for tests and diagnostics). */
  get size(): { stacks: number; resources: number } {
    return { stacks: this.entries.size, resources: this.resources };
  }

  async get(manager: EntityManager, stack: Stack): Promise<CachedTemplate> {
    const key = `${stack.id}:${stack.templateHash}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place so the least recently used entry is the one evicted.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const row = await manager.findOne(Stack, { where: { id: stack.id }, select: { id: true, template: true } });
    const template = row!.template as TemplateDocument;
    const present = new Set(includedResources({ ...stack, template } as Stack));
    const resources = Object.keys(template.Resources ?? {}).length;
    const entry = { template, graph: new DependencyGraph(template, { include: (id) => present.has(id) }), resources };
    // The least recently used go first; an entry larger than the whole bound is used but not kept.
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.capacity.stacks || this.resources + resources > this.capacity.resources)
    ) {
      this.evict(this.entries.keys().next().value!);
    }
    if (resources <= this.capacity.resources) {
      this.entries.set(key, entry);
      this.resources += resources;
    }
    return entry;
  }

  /** Drops a stack's templates once the stack is gone: no outcome will ask for them again. */
  forget(stackId: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${stackId}:`)) this.evict(key);
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.resources -= entry.resources;
  }
}
