import { randomUUID } from 'node:crypto';

import { ALL_CONTRACTS } from '../all-contracts';
import { MessageValidator } from '../message-validator';
import {
  ResourceConfigureFailed,
  ResourceConfigureProgress,
  ResourceConfigureRequested,
  ResourceConfigureRequestedV1,
  ResourceConfigureSucceeded,
} from './index';

describe('resource.configure.* contracts', () => {
  const validator = new MessageValidator();
  const request: ResourceConfigureRequestedV1 = {
    operationId: randomUUID(),
    stackId: randomUUID(),
    stackName: 'mesos',
    logicalId: 'ZooKeeper1',
    resourceType: 'AWS::EC2::Instance',
    host: { address: '10.1.1.5', port: 22, user: 'root', hostKeyPolicy: 'accept-new' },
    metadata: { 'CloudStack::Configure': { roles: ['zookeeper'] } },
    facts: {
      parameters: { AdminPassword: 'x' },
      secrets: ['AdminPassword'],
      resources: { ZooKeeper0: { physicalId: 'vm-0', attributes: { PrivateIp: '10.1.1.4' } } },
      groups: {
        ZooKeeper: [
          { logicalId: 'ZooKeeper0', index: 0, address: '10.1.1.4' },
          { logicalId: 'ZooKeeper1', index: 1, address: '10.1.1.5' },
        ],
      },
      self: { logicalId: 'ZooKeeper1', index: 1, group: 'ZooKeeper' },
    },
    timeoutSeconds: 1800,
  };

  it('are all registered, so every consumer (audit) can check them', () => {
    for (const contract of [
      ResourceConfigureRequested,
      ResourceConfigureSucceeded,
      ResourceConfigureFailed,
      ResourceConfigureProgress,
    ]) {
      expect(ALL_CONTRACTS).toContain(contract);
    }
  });

  it('accept a request as the planner sends it, in check mode too', () => {
    expect(() => validator.assertValid(ResourceConfigureRequested.routingKey, request)).not.toThrow();
    expect(() =>
      validator.assertValid(ResourceConfigureRequested.routingKey, { ...request, checkMode: true }),
    ).not.toThrow();
  });

  it('refuse a request without host, with a bad port or a user name that could reach a shell', () => {
    const { host, ...withoutHost } = request;
    void host;
    expect(() => validator.assertValid(ResourceConfigureRequested.routingKey, withoutHost)).toThrow(/host/);
    expect(() =>
      validator.assertValid(ResourceConfigureRequested.routingKey, { ...request, host: { ...request.host, port: 0 } }),
    ).toThrow(/port/);
    expect(() =>
      validator.assertValid(ResourceConfigureRequested.routingKey, {
        ...request,
        host: { ...request.host, user: 'root;id' },
      }),
    ).toThrow(/user/);
  });

  it('carry a summary in both outcomes and a reason when failed', () => {
    const outcome = {
      operationId: request.operationId,
      stackId: request.stackId,
      logicalId: 'ZooKeeper1',
      checkMode: false,
      summary: { ok: 3, changed: 2, failed: 0, skipped: 1 },
    };
    expect(() => validator.assertValid(ResourceConfigureSucceeded.routingKey, outcome)).not.toThrow();
    expect(() => validator.assertValid(ResourceConfigureFailed.routingKey, outcome)).toThrow(/reason/);
    expect(() =>
      validator.assertValid(ResourceConfigureFailed.routingKey, { ...outcome, reason: 'task x failed' }),
    ).not.toThrow();
  });

  it('describe one task on one host as progress', () => {
    const progress = {
      operationId: request.operationId,
      stackId: request.stackId,
      logicalId: 'ZooKeeper1',
      host: '10.1.1.5',
      task: 'install zookeeper',
      result: 'changed',
      seq: 1,
      at: new Date().toISOString(),
    };
    expect(() => validator.assertValid(ResourceConfigureProgress.routingKey, progress)).not.toThrow();
    expect(() =>
      validator.assertValid(ResourceConfigureProgress.routingKey, { ...progress, result: 'exploded' }),
    ).toThrow();
  });
});
