import { CreateStackCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { Pool } from 'undici';

import { CallerAuthenticator } from '../../apps/api/src/auth/caller-authenticator';
import { CloudStackUsers } from '../../apps/api/src/auth/cloudstack-users';
import { CredentialStore } from '../../apps/api/src/auth/credential-store';
import { PrincipalDirectory } from '../../apps/api/src/auth/principal-directory';
import { TenantAccounts } from '../../apps/api/src/auth/tenant-accounts';
import { SigV4Request } from '../../apps/api/src/protocol';
import { createDataSource } from '../../libs/persistence/src';
import { cloudFormationAs, CloudStackTenant, CloudStackTenants } from '../support/cloudstack-tenants';
import { signedQueryHeaders } from '../support/signed-request';
import { SystemUnderTest } from '../support/system-under-test';

/**
 * `npm run bench:api`: what the api costs a tenant signing with its CloudStack keys.
 * 1. The added cost of authentication on the cached path: a tenant's signed request checked in-process by the
 *    api's own CallerAuthenticator, its principal already learnt from CloudStack (median and p99 per request; the
 *    target is under 0.2 ms at the median).
 * 2. DescribeStacks of a tenant's stack by name, signed with the tenant's keys, against the running system:
 *    BENCH_CONNECTIONS (32) connections replaying the signed request for BENCH_SECONDS (10); requests per second
 *    and latency percentiles. The load generator shares the machine's two cores with every service.
 */
const ms = (value: number) => `${value.toFixed(3)} ms`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

function signed(apiUrl: string, tenant: CloudStackTenant, body: string) {
  return signedQueryHeaders(apiUrl, { accessKeyId: tenant.apiKey, secretAccessKey: tenant.secretKey }, body, 'zone-1');
}

async function authenticationCost(
  system: SystemUnderTest,
  tenant: CloudStackTenant,
  request: SigV4Request,
): Promise<void> {
  const dataSource = await createDataSource(system.databaseUrl, { poolSize: 2 }).initialize();
  try {
    const directory = new PrincipalDirectory(
      new CredentialStore(dataSource),
      new TenantAccounts(dataSource),
      { ttlMs: 600_000, unknownTtlMs: 5_000, maxEntries: 10_000 },
      new CloudStackUsers(system.cloudStack()),
    );
    const authenticator = new CallerAuthenticator(directory);
    await authenticator.authenticate(request); // learns the tenant from CloudStack once
    for (let i = 0; i < 2_000; i++) await authenticator.authenticate(request); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const started = performance.now();
      await authenticator.authenticate(request);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `authentication, cached path (${samples.length} requests of tenant ${tenant.userName}): ` +
        `median ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (target: median < 0.2 ms)`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function describeStacksThroughput(system: SystemUnderTest, tenant: CloudStackTenant): Promise<void> {
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const body = 'Action=DescribeStacks&Version=2010-05-15&StackName=bench';
  const request = await signed(system.apiUrl, tenant, body);
  const pool = new Pool(system.apiUrl, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const sent = performance.now();
        const answer = await pool.request({
          method: 'POST',
          path: '/',
          headers: request,
          body,
        });
        await answer.body.text();
        if (answer.statusCode !== 200) failures++;
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  console.log(
    `DescribeStacks signed by a tenant, ${connections} connections for ${seconds} s: ` +
      `${Math.round(latencies.length / elapsed)} requests/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}` +
      `${failures ? `, ${failures} failed` : ''}`,
  );
}

async function main() {
  // The per-account rate limit is for tenants sharing a service; the bench measures the api itself.
  const system = new SystemUnderTest({ extraEnv: { CFN_API_RATE_PER_SECOND: '0' } });
  await system.start();
  try {
    const tenant = await new CloudStackTenants(system.cloudStack()).account('bench');
    const cfn = cloudFormationAs(system, tenant);
    await cfn.send(
      new CreateStackCommand({
        StackName: 'bench',
        TemplateBody: 'Resources:\n  Handle: {Type: AWS::CloudFormation::WaitConditionHandle}\n',
      }),
    );
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60 }, { StackName: 'bench' });
    const listBody = 'Action=ListStacks&Version=2010-05-15';
    const listRequest = await signed(system.apiUrl, tenant, listBody);
    await authenticationCost(system, tenant, {
      method: 'POST',
      path: '/',
      query: {},
      headers: listRequest,
      body: Buffer.from(listBody),
    });
    await describeStacksThroughput(system, tenant);
  } finally {
    await system.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
