import { createHash } from 'node:crypto';
import { Stack } from '@cfn/persistence';
import { DependencyGraph, TemplateDocument } from '@cfn/template';
import { EntityManager } from 'typeorm';
import { includedResources } from './stack-evaluation';

interface CachedTemplate {
  template: TemplateDocument;
  graph: DependencyGraph;
}

const CAPACITY = 200;

/** The hash that names a stack's template together with the parameters that decide its conditions. */
export function templateHashOf(template: unknown, parameters: unknown): string {
  return createHash('sha1').update(JSON.stringify(template)).update('\n').update(JSON.stringify(parameters)).digest('hex');
}

/**
 * Parsed templates and their dependency graphs, per stack and template hash. Each outcome message re-reads
 * the stack row; without this it would also re-read and re-parse the whole template and rebuild the graph, a
 * cost that grows with the stack instead of with the resource at hand.
 */
export class StackTemplateCache {
  private readonly entries = new Map<string, CachedTemplate>();

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
    const entry = { template, graph: new DependencyGraph(template, { include: (id) => present.has(id) }) };
    if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }
}
