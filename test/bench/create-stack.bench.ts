import { CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, StackEvent, waitUntilStackCreateComplete, waitUntilStackDeleteComplete } from '@aws-sdk/client-cloudformation';
import { SystemUnderTest } from '../support/system-under-test';

/**
 * `npm run bench:create`: a stack of N independent instances (default 100) with the simulator's deploy latency
 * at 2 s. Prints the wall time from CreateStack to CREATE_COMPLETE and its ratio to the critical path (one deploy).
 * Target: ratio <= 3.
 */
async function main() {
  const count = Number(process.env.BENCH_INSTANCES ?? 100);
  const latencyMs = Number(process.env.BENCH_DEPLOY_LATENCY_MS ?? 2000);
  const system = new SystemUnderTest({ deployLatencyMs: latencyMs });
  await system.start();
  try {
    const resources = Object.fromEntries(Array.from({ length: count }, (_, i) => [
      `Vm${i}`, { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance' } },
    ]));
    const cfn = system.cloudFormation();
    const waiter = { client: cfn, maxWaitTime: 600, minDelay: 1, maxDelay: 1 };
    const started = process.hrtime.bigint();
    await cfn.send(new CreateStackCommand({ StackName: 'bench', TemplateBody: JSON.stringify({ Resources: resources }) }));
    await waitUntilStackCreateComplete(waiter, { StackName: 'bench' });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`instances: ${count}`);
    console.log(`deploy latency: ${latencyMs} ms`);
    console.log(`CreateStack -> CREATE_COMPLETE: ${(wallMs / 1000).toFixed(2)} s`);
    console.log(`ratio to the critical path: ${(wallMs / latencyMs).toFixed(2)} (target <= 3)`);
    console.log('(the waiter polls DescribeStacks every 1 s, so the figure includes up to 1 s of polling delay)');
    await printTimeline(system, started);
    await cfn.send(new DeleteStackCommand({ StackName: 'bench' }));
    await waitUntilStackDeleteComplete(waiter, { StackName: 'bench' });
  } finally {
    await system.stop();
  }
}

/** Where the time went, from the stack's own events (milliseconds after CreateStack was sent). */
async function printTimeline(system: SystemUnderTest, started: bigint) {
  const startedAt = Date.now() - Number(process.hrtime.bigint() - started) / 1e6;
  const events: StackEvent[] = [];
  let NextToken: string | undefined;
  do {
    const page = await system.cloudFormation().send(new DescribeStackEventsCommand({ StackName: 'bench', NextToken }));
    events.push(...(page.StackEvents ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const times = (status: string, stack: boolean) => events
    .filter((e) => e.ResourceStatus === status && (e.ResourceType === 'AWS::CloudFormation::Stack') === stack)
    .map((e) => e.Timestamp!.getTime() - startedAt)
    .sort((a, b) => a - b);
  const span = (label: string, values: number[]) =>
    console.log(`  ${label.padEnd(34)} first ${values[0]?.toFixed(0)} ms, last ${values[values.length - 1]?.toFixed(0)} ms`);
  console.log('timeline (ms after CreateStack):');
  span('stack CREATE_IN_PROGRESS', times('CREATE_IN_PROGRESS', true));
  span('resource CREATE_IN_PROGRESS', times('CREATE_IN_PROGRESS', false));
  span('resource CREATE_COMPLETE', times('CREATE_COMPLETE', false));
  span('stack CREATE_COMPLETE', times('CREATE_COMPLETE', true));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
