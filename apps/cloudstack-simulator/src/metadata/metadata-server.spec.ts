import { guestMetadata } from './guest-metadata';
import { MetadataServer } from './metadata-server';

describe('MetadataServer', () => {
  const metadata = guestMetadata({
    id: 'b6a4cc0e-4b6e-4a43-9f43-0a0a0a0a0a0a',
    name: 'web-1',
    ipaddress: '127.0.0.1',
    userdataBase64: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
    zoneName: 'Sim-Zone-1',
    serviceOfferingName: 'Small Instance',
    publicKeys: ['ssh-ed25519 AAAAC3 one', 'ssh-rsa AAAAB3 two\n'],
    cloudIdentifier: 'c0ffee00-0000-5000-8000-000000000000',
    hypervisorHostName: 'sim-host-1',
  });
  const knownSources: string[] = [];
  const server = new MetadataServer((source) => (knownSources.includes(source) ? metadata : undefined));
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
  });
  afterAll(() => server.close());
  beforeEach(() => knownSources.splice(0, knownSources.length, '127.0.0.1'));

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.text() };
  };

  it('serves the requesting VM its decoded userdata and meta-data items', async () => {
    expect(await get('/latest/user-data')).toEqual({ status: 200, body: '#!/bin/sh\necho hi\n' });
    expect(await get('/latest/meta-data/local-hostname')).toEqual({ status: 200, body: 'web-1' });
    expect(await get('/latest/meta-data/local-ipv4')).toEqual({ status: 200, body: '127.0.0.1' });
    expect(await get('/latest/meta-data/instance-id')).toEqual({
      status: 200,
      body: 'b6a4cc0e-4b6e-4a43-9f43-0a0a0a0a0a0a',
    });
    expect(await get('/latest/meta-data/public-keys')).toEqual({
      status: 200,
      body: 'ssh-ed25519 AAAAC3 one\nssh-rsa AAAAB3 two\n',
    });
    expect(await get('/latest/meta-data/cloud-identifier')).toEqual({
      status: 200,
      body: 'CloudStack-{c0ffee00-0000-5000-8000-000000000000}',
    });
    expect(await get('/latest/availability-zone')).toEqual({ status: 200, body: 'Sim-Zone-1' });
  });

  it('lists the items, and knows nothing of unknown items or unknown sources', async () => {
    const index = await get('/latest/meta-data/');
    expect(index.body.split('\n')).toEqual(
      expect.arrayContaining(['instance-id', 'local-ipv4', 'public-keys', 'vm-id']),
    );
    expect((await get('/latest/meta-data/password')).status).toBe(404);
    knownSources.length = 0;
    expect((await get('/latest/user-data')).status).toBe(404);
    expect((await get('/latest/meta-data/local-hostname')).status).toBe(404);
  });
});
