import { loadavg } from 'node:os';

import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  StackEvent,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from '../support/stack-events';
import { SystemUnderTest } from '../support/system-under-test';
import { sharedServerPids, usageOf } from './process-usage';

/**
 * `npm run bench:create`: a stack of N independent instances (default 500) with the simulator's deploy latency at
 * 2 s, created and deleted BENCH_RUNS times (default 5). Prints each run's wall time from CreateStack to
 * CREATE_COMPLETE and where the time went, the first run's ratio to the critical path (one deploy) and the median
 * of the later runs' (steady state; target <= 1.5), and each service's CPU time per run and peak memory.
 */
async function main() {
  const count = Number(process.env.BENCH_INSTANCES ?? 500);
  const latencyMs = Number(process.env.BENCH_DEPLOY_LATENCY_MS ?? 2000);
  // The first run of a stack this size still pays V8 optimising the code its size makes hot (the api's YAML parse of
  // a 500-resource template takes about 110 ms the first time and 30 ms once optimised); a running service has long
  // paid that. One run's figure also moves by a tenth either way with what else the machine does. So the figure is
  // the median of the runs after the first, and the first is printed beside it.
  const runCount = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
  // Enough simulated hosts for every instance (Small Instance: 1 core).
  const hosts = Math.max(4, Math.ceil(count / 48));
  // The simulator stands for a cloud on other machines: its line per API request is turned off, so as not to take
  // the measured services' CPU.
  const system = new SystemUnderTest({
    deployLatencyMs: latencyMs,
    extraEnv: { SIM_FAULTS: JSON.stringify({ capacity: { hosts } }), SIM_LOG_LEVEL: 'warn' },
  });
  await system.start();
  try {
    const cfn = system.cloudFormation();
    await warmUp(cfn, Number(process.env.BENCH_WARM_UP_INSTANCES ?? 50));
    const measured = new Map([...system.servicePids(), ...sharedServerPids()]);
    const runs: MeasuredRun[] = [];
    console.log(`instances: ${count}, deploy latency (critical path): ${latencyMs} ms, measured runs: ${runCount}`);
    for (let run = 1; run <= runCount; run++) {
      runs.push(await measureOneCreation(cfn, measured, instancesTemplate(count), run));
      const last = runs[runs.length - 1];
      console.log(
        `run ${run}: CreateStack -> CREATE_COMPLETE ${(last.wallMs / 1000).toFixed(2)} s, ratio ${(last.wallMs / latencyMs).toFixed(2)}` +
          ` (load average at start ${last.load.map((v) => v.toFixed(2)).join(' / ')})`,
      );
      printTimeline(last.events, last.startedAt);
    }
    const first = runs[0].wallMs;
    const steady = runs
      .slice(1)
      .map((run) => run.wallMs)
      .sort((a, b) => a - b);
    console.log(
      `first run (the services' first stack of this size since they started): ${(first / 1000).toFixed(2)} s, ` +
        `ratio ${(first / latencyMs).toFixed(2)}`,
    );
    if (steady.length > 0) {
      console.log(
        `ratio to the critical path, steady state (runs 2-${runCount}): median ${(median(steady) / latencyMs).toFixed(2)} ` +
          `(target <= 1.5), best ${(steady[0] / latencyMs).toFixed(2)}, worst ${(steady[steady.length - 1] / latencyMs).toFixed(2)}`,
      );
    }
    console.log('per service (CPU seconds user+system per run, median over the runs; peak RSS since start, VmHWM):');
    for (const name of measured.keys()) {
      const cpu = runs
        .map((run) => run.cpuSeconds.get(name))
        .filter((v): v is number => v !== undefined)
        .sort((a, b) => a - b);
      const peak = Math.max(0, ...runs.map((run) => run.peakRssMiB.get(name) ?? 0));
      if (cpu.length === 0) continue;
      console.log(
        `  ${name.padEnd(22)} CPU ${median(cpu).toFixed(2).padStart(7)} s   peak RSS ${peak.toFixed(1).padStart(7)} MiB`,
      );
    }
  } finally {
    await system.stop();
  }
}

interface MeasuredRun {
  startedAt: number;
  wallMs: number;
  load: number[];
  events: StackEvent[];
  cpuSeconds: Map<string, number>;
  peakRssMiB: Map<string, number>;
}

/**
 * One creation of the stack, timed from CreateStack to the stack's CREATE_COMPLETE event, then deleted again. The
 * wall time comes from the stack's event, so polling once a second loses no precision and keeps the bench's own
 * DescribeStacks calls (SigV4 checks in the api) from competing with the run.
 */
async function measureOneCreation(
  cfn: CloudFormationClient,
  measured: Map<string, number>,
  template: string,
  run: number,
): Promise<MeasuredRun> {
  const stackName = `bench-${run}`;
  const before = await usageOf(measured);
  const load = loadavg();
  const startedAt = Date.now();
  await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: template }));
  let status = '';
  while (!status.endsWith('_COMPLETE') && !status.endsWith('_FAILED')) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    status = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus ?? '';
  }
  const after = await usageOf(measured);
  if (status !== 'CREATE_COMPLETE') throw new Error(`the stack ended ${status}`);
  const events = await stackEventsOldestFirst(cfn, stackName);
  const completedAt = events
    .find((e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === 'CREATE_COMPLETE')!
    .Timestamp!.getTime();
  const cpuSeconds = new Map(
    [...after].map(([name, usage]) => [name, usage.cpuSeconds - (before.get(name)?.cpuSeconds ?? 0)]),
  );
  const peakRssMiB = new Map([...after].map(([name, usage]) => [name, usage.peakRssMiB]));
  await cfn.send(new DeleteStackCommand({ StackName: stackName }));
  await waitUntilStackDeleteComplete(
    { client: cfn, maxWaitTime: 900, minDelay: 1, maxDelay: 2 },
    { StackName: stackName },
  );
  return { startedAt, wallMs: completedAt - startedAt, load, events, cpuSeconds, peakRssMiB };
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** 500 instances; YAML with one anchored Properties block keeps it under CreateStack's 51,200-byte TemplateBody limit. */
function instancesTemplate(count: number): string {
  return [
    'Resources:',
    ...Array.from(
      { length: count },
      (_, i) =>
        `  V${i}: {Type: AWS::EC2::Instance, Properties: ${i === 0 ? '&p {ImageId: debian-12, InstanceType: Small Instance}' : '*p'}}`,
    ),
  ].join('\n');
}

/**
 * A smaller stack created and deleted first, as a running service would have seen before: the measured run then
 * pays neither the services' start-up work nor V8 compiling their code paths for the first time.
 */
async function warmUp(cfn: CloudFormationClient, count: number): Promise<void> {
  if (count <= 0) return;
  await cfn.send(new CreateStackCommand({ StackName: 'bench-warm-up', TemplateBody: instancesTemplate(count) }));
  await waitUntilStackCreateComplete(
    { client: cfn, maxWaitTime: 300, minDelay: 1, maxDelay: 2 },
    { StackName: 'bench-warm-up' },
  );
  await cfn.send(new DeleteStackCommand({ StackName: 'bench-warm-up' }));
  await waitUntilStackDeleteComplete(
    { client: cfn, maxWaitTime: 300, minDelay: 1, maxDelay: 2 },
    { StackName: 'bench-warm-up' },
  );
}

/** Where the time went, from the stack's own events (milliseconds after CreateStack was sent). */
function printTimeline(events: StackEvent[], startedAt: number) {
  const times = (status: string, stack: boolean) =>
    events
      .filter((e) => e.ResourceStatus === status && (e.ResourceType === 'AWS::CloudFormation::Stack') === stack)
      .map((e) => e.Timestamp!.getTime() - startedAt)
      .sort((a, b) => a - b);
  const span = (label: string, values: number[]) => {
    const at = (share: number) => values[Math.min(values.length - 1, Math.floor(values.length * share))]?.toFixed(0);
    console.log(
      `  ${label.padEnd(30)} first ${at(0)} ms, median ${at(0.5)} ms, last ${values[values.length - 1]?.toFixed(0)} ms`,
    );
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
