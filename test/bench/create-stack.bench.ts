import { loadavg } from 'node:os';
import {
  CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, StackEvent, waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { SystemUnderTest } from '../support/system-under-test';
import { sharedServerPids, usageOf } from './process-usage';
import { stackEventsOldestFirst } from '../support/stack-events';

/**
 * `npm run bench:create`: a stack of N independent instances (default 500) with the simulator's deploy latency at
 * 2 s. Prints the wall time from CreateStack to CREATE_COMPLETE, its ratio to the critical path (one deploy;
 * target <= 1.5), where the time went, and each service's CPU time and peak memory during the run.
 */
async function main() {
  const count = Number(process.env.BENCH_INSTANCES ?? 500);
  const latencyMs = Number(process.env.BENCH_DEPLOY_LATENCY_MS ?? 2000);
  // Enough simulated hosts for every instance (Small Instance: 1 core).
  const hosts = Math.max(4, Math.ceil(count / 48));
  // The simulator stands for a cloud on other machines: its line per API request is turned off, so as not to take
  // the measured services' CPU.
  const system = new SystemUnderTest({
    deployLatencyMs: latencyMs, extraEnv: { SIM_FAULTS: JSON.stringify({ capacity: { hosts } }), SIM_LOG_LEVEL: 'warn' },
  });
  await system.start();
  try {
    const cfn = system.cloudFormation();
    await warmUp(cfn, Number(process.env.BENCH_WARM_UP_INSTANCES ?? 50));
    const template = instancesTemplate(count);
    const measured = new Map([...system.servicePids(), ...sharedServerPids()]);
    const before = await usageOf(measured);
    const load = loadavg();
    const startedAt = Date.now();
    await cfn.send(new CreateStackCommand({ StackName: 'bench', TemplateBody: template }));
    let status = '';
    // The wall time comes from the stack's CREATE_COMPLETE event, so polling once a second loses no precision and
    // keeps the bench's own DescribeStacks calls (SigV4 checks in the api) from competing with the run.
    while (!status.endsWith('_COMPLETE') && !status.endsWith('_FAILED')) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      status = (await cfn.send(new DescribeStacksCommand({ StackName: 'bench' }))).Stacks?.[0]?.StackStatus ?? '';
    }
    const observedMs = Date.now() - startedAt;
    const after = await usageOf(measured);
    if (status !== 'CREATE_COMPLETE') throw new Error(`the stack ended ${status}`);
    const events = await stackEvents(system);
    const completedAt = events.find((e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === 'CREATE_COMPLETE')!
      .Timestamp!.getTime();
    const wallMs = completedAt - startedAt;

    console.log(`instances: ${count}, deploy latency (critical path): ${latencyMs} ms`);
    console.log(`load average at start (1/5/15 min): ${load.map((v) => v.toFixed(2)).join(' / ')} on a shared machine`);
    console.log(`CreateStack -> CREATE_COMPLETE: ${(wallMs / 1000).toFixed(2)} s (stack event; seen by polling after ${(observedMs / 1000).toFixed(2)} s)`);
    console.log(`ratio to the critical path: ${(wallMs / latencyMs).toFixed(2)} (target <= 1.5)`);
    printTimeline(events, startedAt);
    console.log('per service during the run (CPU seconds user+system; peak RSS since start, VmHWM):');
    for (const [name, usage] of after) {
      const cpu = usage.cpuSeconds - (before.get(name)?.cpuSeconds ?? 0);
      console.log(`  ${name.padEnd(22)} CPU ${cpu.toFixed(2).padStart(7)} s   peak RSS ${usage.peakRssMiB.toFixed(1).padStart(7)} MiB`);
    }
    await cfn.send(new DeleteStackCommand({ StackName: 'bench' }));
    await waitUntilStackDeleteComplete({ client: cfn, maxWaitTime: 900, minDelay: 1, maxDelay: 2 }, { StackName: 'bench' });
  } finally {
    await system.stop();
  }
}

/** 500 instances; YAML with one anchored Properties block keeps it under CreateStack's 51,200-byte TemplateBody limit. */
function instancesTemplate(count: number): string {
  return ['Resources:', ...Array.from({ length: count }, (_, i) =>
    `  V${i}: {Type: AWS::EC2::Instance, Properties: ${i === 0 ? '&p {ImageId: debian-12, InstanceType: Small Instance}' : '*p'}}`)].join('\n');
}

/**
 * A smaller stack created and deleted first, as a running service would have seen before: the measured run then
 * pays neither the services' start-up work nor V8 compiling their code paths for the first time.
 */
async function warmUp(cfn: CloudFormationClient, count: number): Promise<void> {
  if (count <= 0) return;
  await cfn.send(new CreateStackCommand({ StackName: 'bench-warm-up', TemplateBody: instancesTemplate(count) }));
  await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 300, minDelay: 1, maxDelay: 2 }, { StackName: 'bench-warm-up' });
  await cfn.send(new DeleteStackCommand({ StackName: 'bench-warm-up' }));
  await waitUntilStackDeleteComplete({ client: cfn, maxWaitTime: 300, minDelay: 1, maxDelay: 2 }, { StackName: 'bench-warm-up' });
}

function stackEvents(system: SystemUnderTest): Promise<StackEvent[]> {
  return stackEventsOldestFirst(system.cloudFormation(), 'bench');
}

/** Where the time went, from the stack's own events (milliseconds after CreateStack was sent). */
function printTimeline(events: StackEvent[], startedAt: number) {
  const times = (status: string, stack: boolean) => events
    .filter((e) => e.ResourceStatus === status && (e.ResourceType === 'AWS::CloudFormation::Stack') === stack)
    .map((e) => e.Timestamp!.getTime() - startedAt)
    .sort((a, b) => a - b);
  const span = (label: string, values: number[]) => {
    const at = (share: number) => values[Math.min(values.length - 1, Math.floor(values.length * share))]?.toFixed(0);
    console.log(`  ${label.padEnd(30)} first ${at(0)} ms, median ${at(0.5)} ms, last ${values[values.length - 1]?.toFixed(0)} ms`);
  };
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
