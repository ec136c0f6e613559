import { vmNameFor } from './vm-naming';

describe('vmNameFor', () => {
  const stackId = '0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011';

  it('joins stack name, logical id and the stack id prefix as a hostname', () => {
    expect(vmNameFor('My_Stack', 'WebServer', stackId)).toBe('my-stack-webserver-0f1e2d3c');
  });

  it('is the same for the same inputs, so a retry finds the first VM', () => {
    expect(vmNameFor('s', 'A', stackId)).toBe(vmNameFor('s', 'A', stackId));
  });

  it('stays a valid hostname for long and odd names', () => {
    const name = vmNameFor('9'.repeat(100), 'Logical'.repeat(20), stackId);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
  });

  it('gives a replacement made by an update a name of its own', () => {
    expect(vmNameFor('My_Stack', 'WebServer', stackId, 3)).toBe('my-stack-webserver-0f1e2d3c-u3');
    expect(vmNameFor('9'.repeat(100), 'Logical'.repeat(20), stackId, 12).length).toBeLessThanOrEqual(63);
  });
});
