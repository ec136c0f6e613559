import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  Output,
  Stack,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { deriveStackKeyPair } from '@cfn/ssh';

import { DEVELOPMENT_DEFAULTS } from '../development-defaults';
import { DEMO_CLUSTERS, DemoCluster, RECORDS_ONLY_DEMO, toOutputMap } from './demo-clusters';

/**
 * `npm run demo [lamp|mpi|zookeeper]` (after the services are up): creates one of the catalogue's clusters
 * (templates/, default lamp) through the CloudFormation API with the AWS SDK, prints its events live (every
 * configuration task is one), then its outputs and how to reach it. When the simulator's VMs cannot be real hosts
 * (not root), it says so and creates the plain three-VM stack instead. Exits 1 unless CREATE_COMPLETE.
 */
const REGION = 'cloudstack-1';
const POLL_INTERVAL_MS = 1_000;
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_SECONDS ?? 900) * 1_000;

const endpoint = `http://127.0.0.1:${process.env.CFN_API_PORT || 8000}`;
const credentials = {
  accessKeyId: process.env.CFN_BOOTSTRAP_ACCESS_KEY_ID || DEVELOPMENT_DEFAULTS.CFN_BOOTSTRAP_ACCESS_KEY_ID,
  secretAccessKey: process.env.CFN_BOOTSTRAP_SECRET_ACCESS_KEY || DEVELOPMENT_DEFAULTS.CFN_BOOTSTRAP_SECRET_ACCESS_KEY,
};
const cloudFormation = new CloudFormationClient({ endpoint, region: REGION, credentials });

async function main(): Promise<number> {
  const name = process.argv[2] || process.env.DEMO_CLUSTER || 'lamp';
  const chosen = DEMO_CLUSTERS[name];
  if (!chosen) throw new Error(`no demo cluster "${name}"; choose one of ${Object.keys(DEMO_CLUSTERS).join(', ')}`);
  const realVms = await simulatorRealVms();
  let demo: DemoCluster = chosen;
  if (!realVms.enabled) {
    console.log(`The simulator's VMs are records only here (${realVms.reason}): a cluster is configured over SSH and`);
    console.log(
      'needs VMs that are real hosts (run the demo as root on Linux). Creating the plain three-VM stack instead.\n',
    );
    demo = RECORDS_ONLY_DEMO;
  }
  const stackName = `demo-${demo === chosen ? `${name}-` : ''}${timestamp(new Date())}`;
  console.log(`Creating stack ${stackName}: ${demo.summary}`);
  console.log(`Template ${demo.template}, api ${endpoint}`);
  const parameters = demo.parameters();
  const { StackId } = await cloudFormation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: readFileSync(findInRepository(demo.template), 'utf8'),
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  console.log(`Stack id: ${StackId}\n`);

  const stack = await followUntilSettled(StackId!);
  console.log(
    `\nStack ${stackName}: ${stack.StackStatus}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`,
  );
  if (stack.Outputs?.length) console.log(`\nOutputs:\n${outputsTable(stack.Outputs)}`);
  if (stack.StackStatus === 'CREATE_COMPLETE' && realVms.enabled) await explainReach(demo, stack, StackId!);
  console.log(`\nThe stack is kept in the database. To delete it, with the services running (npm run start:all):`);
  console.log(`  ${awsCli(`cloudformation delete-stack --stack-name ${stackName}`)}`);
  return stack.StackStatus === 'CREATE_COMPLETE' ? 0 : 1;
}

/** How to reach the cluster: its own commands, a first request to it, and an SSH key for its VMs. */
async function explainReach(demo: DemoCluster, stack: Stack, stackArn: string): Promise<void> {
  const { lines, check } = demo.reach(toOutputMap(stack.Outputs));
  // The configurator's key for this stack (derived from CFN_SSH_MASTER_SECRET), so the VMs can be logged in to.
  mkdirSync(join(process.cwd(), '.demo'), { recursive: true });
  const keyFile = join('.demo', `${stack.StackName}.key`);
  const secret = process.env.CFN_SSH_MASTER_SECRET || DEVELOPMENT_DEFAULTS.CFN_SSH_MASTER_SECRET;
  writeFileSync(keyFile, deriveStackKeyPair(secret, stackArn.split('/').pop()!).privateKeyOpenSsh, { mode: 0o600 });
  console.log('\nReach it (from this machine, while the services run):');
  for (const line of lines) console.log(`  ${line}`);
  console.log(`  ssh -i ${keyFile} root@<address>     # any of its VMs, with the stack's own key`);
  if (check) {
    try {
      console.log(`\nChecked: ${await check()}`);
    } catch (error) {
      console.log(`\nThe first request failed: ${(error as Error).message}`);
    }
  }
}

/** The simulator says whether its VMs are real hosts (GET /simulator/health). */
async function simulatorRealVms(): Promise<{ enabled: boolean; reason: string }> {
  const apiUrl = process.env.CLOUDSTACK_API_URL || DEVELOPMENT_DEFAULTS.CLOUDSTACK_API_URL;
  const health = await fetch(apiUrl.replace(/\/client\/api\/?$/, '/simulator/health'), {
    signal: AbortSignal.timeout(5_000),
  })
    .then((response) => response.json() as Promise<{ realVms?: { enabled: boolean; reason: string } }>)
    .catch((error: Error) => {
      throw new Error(`the simulator does not answer at ${apiUrl}: ${error.message}`);
    });
  return health.realVms ?? { enabled: false, reason: 'the simulator does not say' };
}

/** Prints every new event each second until the stack leaves *_IN_PROGRESS, and returns the settled stack. */
async function followUntilSettled(stackId: string): Promise<Stack> {
  const seen = new Set<string>();
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    printEvents(await newEvents(stackId, seen));
    const stack = await describeStack(stackId);
    if (!stack.StackStatus?.endsWith('_IN_PROGRESS')) {
      printEvents(await newEvents(stackId, seen));
      return stack;
    }
    if (Date.now() > deadline) throw new Error(`stack still ${stack.StackStatus} after ${TIMEOUT_MS / 1_000}s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Events not printed yet, oldest first. DescribeStackEvents pages newest first, so paging stops at a seen one. */
async function newEvents(stackId: string, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(
      new DescribeStackEventsCommand({ StackName: stackId, NextToken: nextToken }),
    );
    const events = page.StackEvents ?? [];
    const unseen = events.filter((event) => !seen.has(event.EventId!));
    fresh.push(...unseen);
    nextToken = unseen.length === events.length ? page.NextToken : undefined;
  } while (nextToken);
  for (const event of fresh) seen.add(event.EventId!);
  return fresh.reverse();
}

function printEvents(events: StackEvent[]): void {
  for (const event of events) {
    const reason = event.ResourceStatusReason ? `  ${event.ResourceStatusReason}` : '';
    const line = `${event.Timestamp?.toISOString()}  ${event.LogicalResourceId?.padEnd(24)} ${event.ResourceStatus?.padEnd(20)}${reason}`;
    console.log(line.trimEnd());
  }
}

async function describeStack(stackId: string): Promise<Stack> {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }));
  if (!Stacks?.[0]) throw new Error(`stack ${stackId} is not described by the api`);
  return Stacks[0];
}

function outputsTable(outputs: Output[]): string {
  const rows = [
    ['Key', 'Value', 'Description'],
    ...outputs.map((output) => [output.OutputKey ?? '', output.OutputValue ?? '', output.Description ?? '']),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd();
  return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join('\n');
}

function awsCli(command: string): string {
  const keys = `AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`;
  return `${keys} aws --endpoint-url ${endpoint} --region ${REGION} ${command}`;
}

/** Stack names allow letters, digits and hyphens only: 2024-06-01T15:30:12Z -> 20240601-153012. */
function timestamp(date: Date): string {
  const digits = date.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return digits.replace('T', '-');
}

/** The file at `relativePath` from the repository root, found from here whether running from dist/ or source. */
function findInRepository(relativePath: string): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const candidate = join(directory, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) throw new Error(`${relativePath} not found above ${__dirname}`);
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: Error) => {
    console.error(`demo failed: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
    process.exit(1);
  },
);
