import type { ResourceOperationContext } from '../resource-type-plugin';
import { WaitConditionHandlePlugin } from './wait-condition-handle.plugin';
import { isSignedSignal, signalUrl } from './wait-condition-signal-url';

const STACK_ID = '0b6c5f8e-3c1e-4a5e-9a53-6d0c7f2a1b11';

function context(logicalId: string): ResourceOperationContext {
  const cloud = new Proxy(
    {},
    {
      get: () => {
        throw new Error('a wait condition handle must not call the cloud');
      },
    },
  );
  return {
    cloud: cloud as ResourceOperationContext['cloud'],
    stackId: STACK_ID,
    stackName: 's',
    logicalId,
    accountId: '1',
    region: 'r',
    recordProgress: async () => undefined,
  };
}

describe('AWS::CloudFormation::WaitConditionHandle', () => {
  const env = { CFN_PUBLIC_URL: 'https://cfn.example.org/', CFN_SIGNAL_SECRET: 'k1' };

  it('is its pre-signed signal URL, made without the cloud, the same on every attempt', async () => {
    const plugin = new WaitConditionHandlePlugin(env);
    const made = await plugin.create(context('WebReady'));
    expect(made.physicalId).toMatch(
      new RegExp(`^https://cfn\\.example\\.org/waitcondition/${STACK_ID}/WebReady\\?Signature=[A-Za-z0-9_-]{43}$`),
    );
    expect(made.attributes).toEqual({});
    expect(await plugin.findExisting(context('WebReady'))).toEqual(made);
    await expect(plugin.delete()).resolves.toBeUndefined();
  });

  it('signs stack and handle with the installation secret', async () => {
    const url = new URL((await new WaitConditionHandlePlugin(env).create(context('WebReady'))).physicalId);
    const signature = url.searchParams.get('Signature')!;
    expect(isSignedSignal(STACK_ID, 'WebReady', signature, 'k1')).toBe(true);
    expect(isSignedSignal(STACK_ID, 'Other', signature, 'k1')).toBe(false);
    expect(isSignedSignal(STACK_ID, 'WebReady', signature, 'k2')).toBe(false);
    expect(isSignedSignal(STACK_ID, 'WebReady', 'short', 'k1')).toBe(false);
  });

  it('defaults to the api on loopback', async () => {
    const made = await new WaitConditionHandlePlugin({}).create(context('H'));
    expect(made.physicalId.startsWith(`http://127.0.0.1:8000/waitcondition/${STACK_ID}/H?Signature=`)).toBe(true);
    expect(signalUrl(STACK_ID, 'H', { publicUrl: 'http://x', secret: 's' })).not.toBe(
      signalUrl(STACK_ID, 'H', { publicUrl: 'http://x', secret: 't' }),
    );
  });

  it('fails, rather than store a truncated id, when the URL would not fit', async () => {
    await expect(new WaitConditionHandlePlugin(env).create(context('H'.repeat(200)))).rejects.toThrow(
      /over 255: use a shorter logical id/,
    );
  });
});
