import { Stack } from '@cfn/persistence';
import { EntityManager } from 'typeorm';

import { StackTemplateCache } from './stack-template-cache';

/** A stack row whose template has `count` independent resources. */
function stackWith(id: string, count: number): Stack {
  const Resources = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`R${i}`, { Type: 'AWS::EC2::Instance', Properties: {} }]),
  );
  return {
    id,
    name: id,
    templateHash: `hash-${id}`,
    template: { Resources },
    parameters: {},
    accountId: '1',
    region: 'r',
  } as unknown as Stack;
}

describe('StackTemplateCache', () => {
  const stacks = new Map<string, Stack>();
  let reads: string[];
  const manager = {
    findOne: async (_entity: unknown, options: { where: { id: string } }) => {
      reads.push(options.where.id);
      return stacks.get(options.where.id);
    },
  } as unknown as EntityManager;
  const stack = (id: string, count: number) => {
    const made = stackWith(id, count);
    stacks.set(id, made);
    return made;
  };

  beforeEach(() => {
    stacks.clear();
    reads = [];
  });

  it('reads a template once and answers later asks from memory', async () => {
    const cache = new StackTemplateCache();
    const a = stack('a', 3);
    const first = await cache.get(manager, a);
    const again = await cache.get(manager, a);
    expect(again).toBe(first);
    expect(reads).toEqual(['a']);
    expect(first.graph).toBeDefined();
  });

  it('keeps at most the given number of resources, dropping the least recently used stacks first', async () => {
    const cache = new StackTemplateCache({ stacks: 10, resources: 1_000 });
    const [a, b, c] = [stack('a', 400), stack('b', 400), stack('c', 400)];
    await cache.get(manager, a);
    await cache.get(manager, b);
    await cache.get(manager, a);
    await cache.get(manager, c);
    // b was the least recently used: it made room for c.
    expect(cache.size).toEqual({ stacks: 2, resources: 800 });
    reads = [];
    await cache.get(manager, a);
    await cache.get(manager, c);
    expect(reads).toEqual([]);
    await cache.get(manager, b);
    expect(reads).toEqual(['b']);
  });

  it('uses a template larger than the whole bound without keeping it', async () => {
    const cache = new StackTemplateCache({ stacks: 10, resources: 100 });
    const huge = stack('huge', 500);
    expect(Object.keys((await cache.get(manager, huge)).template.Resources)).toHaveLength(500);
    expect(cache.size).toEqual({ stacks: 0, resources: 0 });
  });

  it('keeps at most the given number of stacks', async () => {
    const cache = new StackTemplateCache({ stacks: 2, resources: 1_000 });
    for (const id of ['a', 'b', 'c']) await cache.get(manager, stack(id, 1));
    expect(cache.size).toEqual({ stacks: 2, resources: 2 });
  });

  it('forgets a deleted stack', async () => {
    const cache = new StackTemplateCache();
    await cache.get(manager, stack('a', 5));
    await cache.get(manager, stack('ab', 7));
    cache.forget('a');
    expect(cache.size).toEqual({ stacks: 1, resources: 7 });
  });
});
