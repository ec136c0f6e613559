import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { HostResolver, TemplateFetcher } from './template-fetcher';
import { templateSourcePolicyFromEnv } from './template-location';

/** Resolves names from a table, as DNS would; anything else is ENOTFOUND. No real DNS in these tests. */
function fakeDns(table: Record<string, string[]>, calls: string[] = []): HostResolver {
  return async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('TemplateFetcher', () => {
  let server: Server;
  let base: string;
  let allowed: string;
  let outside: string;
  let lastHeaders: IncomingHttpHeaders = {};
  const redirect = (response: import('node:http').ServerResponse, location: string) => {
    response.statusCode = 302;
    response.setHeader('location', location);
    response.end();
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      lastHeaders = request.headers;
      const url = request.url ?? '';
      if (url === '/template.json') return response.end('{"Resources":{}}');
      if (url === '/big') return response.end('x'.repeat(2_000));
      if (url === '/slow') return void setTimeout(() => response.end('{}'), 2_000).unref();
      if (url === '/gzip') {
        response.setHeader('content-encoding', 'gzip');
        return response.end(gzipSync('{"Resources":{"Zipped":{}}}'));
      }
      // 100 KB of gzip that inflates to 100 MB.
      if (url === '/bomb') {
        response.setHeader('content-encoding', 'gzip');
        return response.end(gzipSync(Buffer.alloc(100_000_000, 0x20), { level: 9 }));
      }
      if (url === '/chatty-error') {
        response.writeHead(500, 'db01.internal refused: password for admin expired', { 'content-type': 'text/plain' });
        return response.end('stack trace with secrets');
      }
      if (url === '/odd-status') {
        response.writeHead(599, 'whatever the server says');
        return response.end();
      }
      if (url === '/hop') return redirect(response, '/template.json');
      if (url === '/loop') return redirect(response, '/loop');
      if (url.startsWith('/to?')) return redirect(response, decodeURIComponent(url.slice(4)));
      if (url === '/no-location') {
        response.statusCode = 301;
        return response.end();
      }
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
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(allowed, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  // The test server is on loopback, which a TemplateURL may reach only when the operator allows it.
  const fetcher = (options = {}, env: NodeJS.ProcessEnv = { CFN_TEMPLATE_URL_ALLOWED_CIDRS: '127.0.0.1/32' }) =>
    new TemplateFetcher(templateSourcePolicyFromEnv({ CFN_TEMPLATE_DIRS: allowed, ...env }), {
      timeoutMs: 500,
      maxBytes: 1_000,
      ...options,
    });
  const byDefault = (options = {}) => fetcher(options, {});

  it('reads an http URL', async () => {
    await expect(fetcher().fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
  });

  describe('no server-side request forgery', () => {
    const NON_PUBLIC = [
      ['http://127.0.0.1/t.json', '127.0.0.1 is a loopback address'],
      ['http://127.8.9.10/t.json', '127.8.9.10 is a loopback address'],
      ['http://2130706433/t.json', '127.0.0.1 is a loopback address'], // the URL parser's reading of 127.0.0.1 as a number
      ['http://0x7f.1/t.json', '127.0.0.1 is a loopback address'],
      ['http://0.0.0.0:8000/t.json', '0.0.0.0 is an unspecified address'],
      ['http://10.1.2.3/t.json', '10.1.2.3 is a private address'],
      ['http://172.16.0.1/t.json', '172.16.0.1 is a private address'],
      ['http://172.31.255.254/t.json', '172.31.255.254 is a private address'],
      ['http://192.168.1.1/t.json', '192.168.1.1 is a private address'],
      ['http://100.64.0.1/t.json', '100.64.0.1 is a shared (carrier-grade NAT) address'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
      ['https://[::1]/t.json', '[::1] is a loopback address'],
      ['http://[::]/t.json', '[::] is an unspecified address'],
      ['http://[fe80::1]/t.json', '[fe80::1] is a link-local address'],
      ['http://[fc00::1]/t.json', '[fc00::1] is a private address'],
      ['http://[fd12:3456::1]/t.json', '[fd12:3456::1] is a private address'],
      ['http://[::ffff:127.0.0.1]/t.json', '[::ffff:7f00:1] is a loopback address'],
      ['http://[::ffff:a9fe:a9fe]/t.json', '[::ffff:a9fe:a9fe] is a link-local address'],
      ['http://[::ffff:10.0.0.1]/t.json', '[::ffff:a00:1] is a private address'],
      ['http://[64:ff9b::a9fe:a9fe]/t.json', '[64:ff9b::a9fe:a9fe] is a link-local address'], // NAT64 of 169.254.169.254
      ['http://[2002:7f00:1::]/t.json', '[2002:7f00:1::] is a loopback address'], // 6to4 of 127.0.0.1
      ['http://224.0.0.1/t.json', '224.0.0.1 is a multicast address'],
    ];

    it.each(NON_PUBLIC)('refuses %s by default, before any I/O, naming the rule', (url, why) => {
      expect(() => byDefault().check(url)).toThrow(
        `TemplateURL must be a supported URL. ${url}: ${why}; a TemplateURL may not lead to a loopback, private, link-local or ` +
          'other non-public address unless the operator allows it (CFN_TEMPLATE_URL_ALLOWED_CIDRS, or the host in CFN_TEMPLATE_URL_HOSTS)',
      );
    });

    it('lets public addresses through', () => {
      for (const url of [
        'http://8.8.8.8/t.json',
        'http://172.32.0.1/t.json',
        'http://100.128.0.1/t.json',
        'https://[2606:4700::1111]/t.json',
        'http://[::ffff:8.8.8.8]/t.json',
        'http://[2002:808:808::]/t.json',
        'https://templates.example.org/t.json',
      ]) {
        expect(() => byDefault().check(url)).not.toThrow();
      }
    });

    it('refuses a loopback address at fetch time too, without connecting', async () => {
      await expect(byDefault().fetch(`${base}/template.json`)).rejects.toThrow(
        /127\.0\.0\.1 is a loopback address; a TemplateURL may not lead/,
      );
    });

    it('allows non-public addresses the operator names in CFN_TEMPLATE_URL_ALLOWED_CIDRS, and only those', async () => {
      await expect(
        fetcher({}, { CFN_TEMPLATE_URL_ALLOWED_CIDRS: '10.0.0.0/8, 127.0.0.0/8' }).fetch(`${base}/template.json`),
      ).resolves.toBe('{"Resources":{}}');
      const cidrs = fetcher({}, { CFN_TEMPLATE_URL_ALLOWED_CIDRS: '127.0.0.1, fd00::/8' });
      expect(() => cidrs.check('http://127.0.0.1/t.json')).not.toThrow();
      expect(() => cidrs.check('http://[::ffff:127.0.0.1]/t.json')).not.toThrow();
      expect(() => cidrs.check('http://[fd00::5]/t.json')).not.toThrow();
      expect(() => cidrs.check('http://127.0.0.2/t.json')).toThrow(/127\.0\.0\.2 is a loopback address/);
      expect(() => cidrs.check('http://169.254.169.254/t.json')).toThrow(/is a link-local address/);
      expect(() => cidrs.check('http://[fc00::5]/t.json')).toThrow(/is a private address/);
    });

    it('allows any address of the hosts the operator names in CFN_TEMPLATE_URL_HOSTS', async () => {
      const hosts = fetcher({}, { CFN_TEMPLATE_URL_HOSTS: '127.0.0.1, [::1]' });
      await expect(hosts.fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
      expect(() => hosts.check('http://[::1]:8080/t.json')).not.toThrow();
      expect(() => hosts.check('http://10.0.0.1/t.json')).toThrow(
        /not one of the template servers the operator allows/,
      );
      const internal = fetcher(
        { resolve: fakeDns({ 'templates.internal': ['127.0.0.1'] }) },
        { CFN_TEMPLATE_URL_HOSTS: 'templates.internal' },
      );
      await expect(internal.fetch(`${base.replace('127.0.0.1', 'templates.internal')}/template.json`)).resolves.toBe(
        '{"Resources":{}}',
      );
    });

    it('refuses a public-looking name that resolves to a non-public address, without saying the address', async () => {
      const resolve = fakeDns({
        'templates.example.org': ['127.0.0.1'],
        'mixed.example.org': ['93.184.215.14', '10.9.8.7'],
        'v6.example.org': ['fe80::1'],
      });
      const error = await byDefault({ resolve })
        .fetch(`http://templates.example.org:${new URL(base).port}/template.json`)
        .catch((e: Error) => e);
      expect((error as Error).message).toBe(
        `TemplateURL must be a supported URL. http://templates.example.org:${new URL(base).port}/template.json: ` +
          'templates.example.org resolves to a loopback address; a TemplateURL may not lead to a loopback, private, link-local or other ' +
          'non-public address unless the operator allows it (CFN_TEMPLATE_URL_ALLOWED_CIDRS, or the host in CFN_TEMPLATE_URL_HOSTS)',
      );
      expect((error as Error).message).not.toContain('127.0.0.1');
      // One refused address refuses the URL, whichever the socket would have picked.
      await expect(byDefault({ resolve }).fetch('http://mixed.example.org/t.json')).rejects.toThrow(
        /mixed\.example\.org resolves to a private address/,
      );
      await expect(byDefault({ resolve }).fetch('http://v6.example.org/t.json')).rejects.toThrow(
        /v6\.example\.org resolves to a link-local address/,
      );
      await expect(byDefault({ resolve }).fetch('http://nowhere.example.org/t.json')).rejects.toThrow(
        "Error reading the template at http://nowhere.example.org/t.json: the server's name could not be resolved (ENOTFOUND)",
      );
    });

    it('connects to the address it checked, resolving once, whatever the name resolves to later (DNS rebinding)', async () => {
      const calls: string[] = [];
      let answers = 0;
      const rebinding: HostResolver = async (hostname) => {
        calls.push(hostname);
        answers += 1;
        // Checked and allowed first; a later lookup (which must not happen) would lead to the metadata service.
        return [{ address: answers === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
      };
      const port = new URL(base).port;
      await expect(
        fetcher({ resolve: rebinding }).fetch(`http://templates.example.test:${port}/template.json`),
      ).resolves.toBe('{"Resources":{}}');
      expect(calls).toEqual(['templates.example.test']);
      // The name, not the address, is what the server is asked for.
      expect(lastHeaders.host).toBe(`templates.example.test:${port}`);
    });

    it('checks every redirect like the TemplateURL itself, without repeating where it led', async () => {
      const to = (location: string) => `${base}/to?${encodeURIComponent(location)}`;
      const resolve = fakeDns({ 'internal.example.org': ['10.0.0.5'], 'templates.example.test': ['127.0.0.1'] });
      await expect(fetcher().fetch(`${base}/hop`)).resolves.toBe('{"Resources":{}}');
      const port = new URL(base).port;
      await expect(fetcher({ resolve }).fetch(to(`http://templates.example.test:${port}/template.json`))).resolves.toBe(
        '{"Resources":{}}',
      );

      const refusals: Array<[string, RegExp]> = [
        ['http://10.0.0.1/secret', /: the server redirects to a private address; a TemplateURL may not lead to/],
        ['http://[::ffff:169.254.169.254]/latest/meta-data/', /: the server redirects to a link-local address;/],
        ['http://127.0.0.2/x', /: the server redirects to a loopback address;/],
        ['http://internal.example.org/secret', /: the server redirects to a host that resolves to a private address;/],
        [
          'file:///etc/passwd',
          /: the server redirects to a URL that is not http or https, which a TemplateURL must be$/,
        ],
        ['gopher://127.0.0.1:25/x', /: the server redirects to a URL that is not http or https/],
        ['http://user:pw@example.org/x', /: the server redirects to a URL with credentials in it$/],
      ];
      for (const [location, why] of refusals) {
        const error = (await fetcher({ resolve })
          .fetch(to(location))
          .catch((e: Error) => e)) as Error;
        expect(error.message).toMatch(/^TemplateURL must be a supported URL\. /);
        expect(error.message).toMatch(why);
        expect(error.message.slice(`TemplateURL must be a supported URL. ${to(location)}`.length)).not.toMatch(
          /10\.0\.0|169\.254|internal\.example|passwd|127\.0\.0\.2/,
        );
      }
      await expect(fetcher().fetch(`${base}/loop`)).rejects.toThrow(
        `Error reading the template at ${base}/loop: more than 5 redirects`,
      );
      await expect(fetcher().fetch(`${base}/no-location`)).rejects.toThrow(
        `Error reading the template at ${base}/no-location: the server answered 301 without a valid Location`,
      );
      // An allow-list holds for redirects too.
      const hosts = fetcher({}, { CFN_TEMPLATE_URL_HOSTS: `127.0.0.1:${port}` });
      await expect(hosts.fetch(to(`http://templates.example.org/t.json`))).rejects.toThrow(
        /: the server redirects to a server the operator does not allow \(CFN_TEMPLATE_URL_HOSTS\)$/,
      );
    });

    it('refuses schemes other than http and https, and file URLs without CFN_TEMPLATE_DIRS', async () => {
      for (const url of [
        'gopher://127.0.0.1:11211/_stats',
        'dict://127.0.0.1:6379/info',
        'ftp://example.com/t.json',
        'data:text/plain,Resources',
      ]) {
        await expect(byDefault().fetch(url)).rejects.toThrow(
          /^TemplateURL must be a supported URL\. .*scheme is not supported \(use http, https or a file under CFN_TEMPLATE_DIRS\)$/,
        );
      }
      await expect(new TemplateFetcher(templateSourcePolicyFromEnv({})).fetch('file:///etc/passwd')).rejects.toThrow(
        /no CFN_TEMPLATE_DIRS/,
      );
    });

    it('does not pass on what the remote end said when it fails', async () => {
      const error = (await fetcher()
        .fetch(`${base}/chatty-error`)
        .catch((e: Error) => e)) as Error;
      expect(error.message).toBe(
        `Error reading the template at ${base}/chatty-error: the server answered 500 Internal Server Error`,
      );
      await expect(fetcher().fetch(`${base}/odd-status`)).rejects.toThrow(
        new RegExp(`${base}/odd-status: the server answered 599$`),
      );
    });

    it('refuses settings that are not CIDR blocks, at start', () => {
      expect(() => templateSourcePolicyFromEnv({ CFN_TEMPLATE_URL_ALLOWED_CIDRS: '10.0.0.0/8,internal' })).toThrow(
        "CFN_TEMPLATE_URL_ALLOWED_CIDRS: 'internal' is not an address or CIDR block (such as 10.20.0.0/16 or fd00::/8)",
      );
      expect(() => templateSourcePolicyFromEnv({ CFN_TEMPLATE_URL_ALLOWED_CIDRS: '10.0.0.0/33' })).toThrow(
        /'10\.0\.0\.0\/33' is not/,
      );
    });
  });

  it('reads a compressed body, bounded by the limit after decompression', async () => {
    await expect(fetcher().fetch(`${base}/gzip`)).resolves.toBe('{"Resources":{"Zipped":{}}}');
    // The size limit is what is checked; a loaded machine must not turn it into a timeout.
    await expect(fetcher({ maxBytes: 1_048_576, timeoutMs: 30_000 }).fetch(`${base}/bomb`)).rejects.toThrow(
      'Template may not exceed 1048576 bytes in size.',
    );
  });

  it('reads a file in an allowed directory, by path or file URL', async () => {
    await expect(fetcher().fetch(join(allowed, 'child.yaml'))).resolves.toBe('Resources: {}\n');
    await expect(fetcher().fetch(pathToFileURL(join(allowed, 'child.yaml')).toString())).resolves.toBe(
      'Resources: {}\n',
    );
  });

  it('refuses files outside the allowed directories, also through .. and symbolic links', async () => {
    await expect(fetcher().fetch(join(outside, 'secret.json'))).rejects.toThrow(
      /^TemplateURL must be a supported URL\. .*not inside an allowed template directory/,
    );
    await expect(fetcher().fetch(`${allowed}/../${outside.split('/').pop()}/secret.json`)).rejects.toThrow(
      /not inside an allowed/,
    );
    await expect(fetcher().fetch(join(allowed, 'escape.json'))).rejects.toThrow(/not inside an allowed/);
    const noDirs = new TemplateFetcher(templateSourcePolicyFromEnv({}));
    await expect(noDirs.fetch(join(allowed, 'child.yaml'))).rejects.toThrow(/no CFN_TEMPLATE_DIRS/);
  });

  it('reads http(s) only from the template servers the operator allows, when they are named', async () => {
    const port = new URL(base).port;
    const only = (hosts: string) =>
      new TemplateFetcher(templateSourcePolicyFromEnv({ CFN_TEMPLATE_URL_HOSTS: hosts }), { timeoutMs: 500 });
    await expect(only(`templates.example.org, 127.0.0.1:${port}`).fetch(`${base}/template.json`)).resolves.toBe(
      '{"Resources":{}}',
    );
    await expect(only('127.0.0.1').fetch(`${base}/template.json`)).resolves.toBe('{"Resources":{}}');
    await expect(only('templates.example.org,*.example.net').fetch(`${base}/template.json`)).rejects.toThrow(
      `TemplateURL must be a supported URL. ${base}/template.json: 127.0.0.1:${port} is not one of the template servers the operator allows (CFN_TEMPLATE_URL_HOSTS)`,
    );
    expect(() => only('*.example.net').check('https://a.example.net/t.yaml')).not.toThrow();
    expect(() => only('*.example.net').check('https://example.net.evil.org/t.yaml')).toThrow(
      /not one of the template servers/,
    );
    expect(() => only('127.0.0.1:1').check(`${base}/template.json`)).toThrow(/not one of the template servers/);
  });

  it('refuses other schemes and things that are not URLs', async () => {
    await expect(fetcher().fetch('ftp://example.com/t.json')).rejects.toThrow(
      'TemplateURL must be a supported URL. ftp://example.com/t.json: the ftp scheme is not supported',
    );
    await expect(fetcher().fetch('child.yaml')).rejects.toThrow(/^TemplateURL must be a supported URL\./);
    await expect(fetcher().fetch(`https://${'a'.repeat(1100)}`)).rejects.toThrow(
      /Member must have length less than or equal to 1024/,
    );
  });

  it('reports HTTP errors, missing files, timeouts and bodies over the limit', async () => {
    await expect(fetcher().fetch(`${base}/missing`)).rejects.toThrow(
      `Error reading the template at ${base}/missing: the server answered 404 Not Found`,
    );
    await expect(fetcher().fetch(join(allowed, 'none.json'))).rejects.toThrow(/no such file/);
    await expect(fetcher().fetch(`${base}/slow`)).rejects.toThrow(/no complete answer within 0.5 s/);
    await expect(fetcher().fetch(`${base}/big`)).rejects.toThrow('Template may not exceed 1000 bytes in size.');
    await expect(fetcher({ maxBytes: 5 }).fetch(join(allowed, 'child.yaml'))).rejects.toThrow(
      'Template may not exceed 5 bytes in size.',
    );
  });

  it('says which server could not be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetcher().fetch(`http://127.0.0.1:${port}/t.json`)).rejects.toThrow(
      `Error reading the template at http://127.0.0.1:${port}/t.json: ECONNREFUSED`,
    );
  });
});
