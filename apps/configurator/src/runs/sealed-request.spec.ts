import { ResourceConfigureRequestedV1 } from '@cfn/contracts';

import { RequestSealer } from './sealed-request';

describe('RequestSealer', () => {
  const request = {
    operationId: 'op-1',
    stackId: 's',
    logicalId: 'Vm',
    secrets: ['Zebra-Quartz-4471'],
  } as unknown as ResourceConfigureRequestedV1;

  it('stores nothing of the request in the clear, and gives it back whole', () => {
    const sealer = new RequestSealer('a-master-secret-long-enough-for-tests');
    const stored = sealer.seal(request);
    expect(JSON.stringify(stored)).not.toContain('Zebra-Quartz-4471');
    expect(sealer.open(JSON.parse(JSON.stringify(stored)), 'op-1')).toEqual(request);
  });

  it('does not open under another operation id or another master secret', () => {
    const stored = new RequestSealer('a-master-secret-long-enough-for-tests').seal(request);
    expect(() => new RequestSealer('a-master-secret-long-enough-for-tests').open(stored, 'op-2')).toThrow();
    expect(() => new RequestSealer('another-master-secret-long-enough').open(stored, 'op-1')).toThrow();
  });

  it('finds no request in a row that has none', () => {
    expect(new RequestSealer('a-master-secret-long-enough-for-tests').open(null, 'op-1')).toBeNull();
  });
});
