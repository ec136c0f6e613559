import { existsSync, readFileSync } from 'node:fs';
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
import { DEVELOPMENT_DEFAULTS } from '../development-defaults';

/**
 * `npm run demo` (after the services are up): creates a stack of three VMs through the CloudFormation API with
 * the AWS SDK, prints its events live, then its outputs. Exits 1 unless the stack reaches CREATE_COMPLETE.
 * The stack is kept so it can be looked at; the command to delete it is printed.
 */
const REGION = 'cloudstack-1';
const TEMPLATE = 'templates/demo/three-vms.yaml';
const POLL_INTERVAL_MS = 1_000;
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_SECONDS ?? 900) * 1_000;

const endpoint = `http://127.0.0.1:${process.env.CFN_API_PORT || 8000}`;
const credentials = {
  accessKeyId: process.env.CFN_BOOTSTRAP_ACCESS_KEY_ID || DEVELOPMENT_DEFAULTS.CFN_BOOTSTRAP_ACCESS_KEY_ID,
  secretAccessKey: process.env.CFN_BOOTSTRAP_SECRET_ACCESS_KEY || DEVELOPMENT_DEFAULTS.CFN_BOOTSTRAP_SECRET_ACCESS_KEY,
};
const cloudFormation = new CloudFormationClient({ endpoint, region: REGION, credentials });

async function main(): Promise<number> {
  const templatePath = findInRepository(TEMPLATE);
  const stackName = `demo-${timestamp(new Date())}`;
  console.log(`Creating stack ${stackName} from ${TEMPLATE} at ${endpoint}`);
  const { StackId } = await cloudFormation.send(
    new CreateStackCommand({ StackName: stackName, TemplateBody: readFileSync(templatePath, 'utf8') }),
  );
  console.log(`Stack id: ${StackId}\n`);

  const stack = await followUntilSettled(StackId!);
  console.log(`\nStack ${stackName}: ${stack.StackStatus}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`);
  if (stack.Outputs?.length) console.log(`\nOutputs:\n${outputsTable(stack.Outputs)}`);
  console.log(`\nThe stack is kept. To delete it, with the services running (npm run start:all):`);
  console.log(`  ${awsCli(`cloudformation delete-stack --stack-name ${stackName}`)}`);
  return stack.StackStatus === 'CREATE_COMPLETE' ? 0 : 1;
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
    const page = await cloudFormation.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: nextToken }));
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
