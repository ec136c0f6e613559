import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TemplateFetcher } from './template-fetcher';
import { templateSourcePolicyFromEnv } from './template-location';

describe('TemplateFetcher', () => {
  let server: Server;
  let base: string;
  let allowed: string;
  let outside: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/template.json') return response.end('{"Resources":{}}');
      if (request.url === '/big') return response.end('x'.repeat(2_000));
      if (request.url === '/slow') return setTimeout(() => response.end('{}'), 2_000);
      response.statusCode = 404;
      response.end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    allowed = mkdtempSync(join(tmpdir(), 'cfn-templates-'));
    outside = mkdtempSync(join(tmpdir(), 'cfn-outside-'));
    writeFileSync(join(allowed, 'child.yaml'), 'Resources: {}\n');
    writeFileSync(join(outside, 'secret.json'), '{}');
    symlinkSync(join(outside, 'secret.json'), join(allowed, 'escape.json'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(allowed, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const fetcher = (options = {}) =>
    new TemplateFetcher(templateSourcePolicyFromEnv({ CFN_TEMPLATE_DIRS: allowed }), { timeoutMs: 500, maxBytes: 1_000, ...options });

  it('reads an http URL', async () => {
    await expect(fetcher().fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
  });

  it('reads a file in an allowed directory, by path or file URL', async () => {
    await expect(fetcher().fetch(join(allowed, 'child.yaml'))).resolves.toBe('Resources: {}\n');
    await expect(fetcher().fetch(pathToFileURL(join(allowed, 'child.yaml')).toString())).resolves.toBe('Resources: {}\n');
  });

  it('refuses files outside the allowed directories, also through .. and symbolic links', async () => {
    await expect(fetcher().fetch(join(outside, 'secret.json'))).rejects.toThrow(/^TemplateURL must be a supported URL\. .*not inside an allowed template directory/);
    await expect(fetcher().fetch(`${allowed}/../${outside.split('/').pop()}/secret.json`)).rejects.toThrow(/not inside an allowed/);
    await expect(fetcher().fetch(join(allowed, 'escape.json'))).rejects.toThrow(/not inside an allowed/);
    const noDirs = new TemplateFetcher(templateSourcePolicyFromEnv({}));
    await expect(noDirs.fetch(join(allowed, 'child.yaml'))).rejects.toThrow(/no CFN_TEMPLATE_DIRS/);
  });

  it('reads http(s) only from the template servers the operator allows, when they are named', async () => {
    const port = new URL(base).port;
    const only = (hosts: string) => new TemplateFetcher(templateSourcePolicyFromEnv({ CFN_TEMPLATE_URL_HOSTS: hosts }), { timeoutMs: 500 });
    await expect(only(`templates.example.org, 127.0.0.1:${port}`).fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
    await expect(only('127.0.0.1').fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
    await expect(only('templates.example.org,*.example.net').fetch(`${base}/template.json`)).rejects.toThrow(
      `TemplateURL must be a supported URL. ${base}/template.json: 127.0.0.1:${port} is not one of the template servers the operator allows (CFN_TEMPLATE_URL_HOSTS)`);
    expect(() => only('*.example.net').check('https://a.example.net/t.yaml')).not.toThrow();
    expect(() => only('*.example.net').check('https://example.net.evil.org/t.yaml')).toThrow(/not one of the template servers/);
    expect(() => only('127.0.0.1:1').check(`${base}/template.json`)).toThrow(/not one of the template servers/);
  });

  it('refuses other schemes and things that are not URLs', async () => {
    await expect(fetcher().fetch('ftp://example.com/t.json')).rejects.toThrow('TemplateURL must be a supported URL. ftp://example.com/t.json: the ftp scheme is not supported');
    await expect(fetcher().fetch('child.yaml')).rejects.toThrow(/^TemplateURL must be a supported URL\./);
    await expect(fetcher().fetch(`https://${'a'.repeat(1100)}`)).rejects.toThrow(/Member must have length less than or equal to 1024/);
  });

  it('reports HTTP errors, missing files, timeouts and bodies over the limit', async () => {
    await expect(fetcher().fetch(`${base}/missing`)).rejects.toThrow(`Error reading the template at ${base}/missing: the server answered 404 Not Found`);
    await expect(fetcher().fetch(join(allowed, 'none.json'))).rejects.toThrow(/no such file/);
    await expect(fetcher().fetch(`${base}/slow`)).rejects.toThrow(/no complete answer within 0.5 s/);
    await expect(fetcher().fetch(`${base}/big`)).rejects.toThrow('Template may not exceed 1000 bytes in size.');
    await expect(fetcher({ maxBytes: 5 }).fetch(join(allowed, 'child.yaml'))).rejects.toThrow('Template may not exceed 5 bytes in size.');
  });

  it('says which server could not be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetcher().fetch(`http://127.0.0.1:${port}/t.json`))
      .rejects.toThrow(`Error reading the template at http://127.0.0.1:${port}/t.json: ECONNREFUSED`);
  });
});
