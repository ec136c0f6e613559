import {
  ResourceCreateRequested,
  ResourceCreateSucceeded,
  ResourceDeleteRequested,
  StackDeleteRequested,
  TemplateValidated,
} from '@cfn/contracts';
import { newId } from '@cfn/runtime';
import { Logger } from '@nestjs/common';

import { PlannerInProcess } from '../testing/planner-in-process';
import { StalledWorkRedriver } from './stalled-work-redriver';

/** Beyond PLANNER_REDRIVE_SECONDS' default (120 s). */
const LATER = 10 * 60_000;

describe('StalledWorkRedriver (in process)', () => {
  let planner: PlannerInProcess;
  let redriver: StalledWorkRedriver;
  let stackId: string;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  beforeEach(async () => {
    planner = await PlannerInProcess.start();
    redriver = planner.get(StalledWorkRedriver);
    stackId = newId();
    await planner.send(TemplateValidated, {
      stackId,
      stackArn: `arn:aws:cloudformation:zone-1:acct:stack/spec/${stackId}`,
      stackName: 'spec',
      accountId: 'acct',
      region: 'zone-1',
      template: { Resources: { A: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'a' } } } },
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await planner.close();
  });

  async function redriveLater(after = LATER): Promise<void> {
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + after);
    await redriver.redrive(stackId, 'A');
    jest.restoreAllMocks();
    await planner.settle();
  }

  it('re-sends a stalled create with the same operation id and properties', async () => {
    const [lost] = planner.take(ResourceCreateRequested);

    await redriveLater();

    expect(planner.take(ResourceCreateRequested)).toEqual([lost]);
  });

  it('leaves a request alone while its period has not passed', async () => {
    planner.take(ResourceCreateRequested);

    await redriveLater(1_000);

    expect(planner.take(ResourceCreateRequested)).toEqual([]);
  });

  it('re-sends a stalled delete, and nothing once the resource has its outcome', async () => {
    const [request] = planner.take(ResourceCreateRequested);
    await planner.send(ResourceCreateSucceeded, {
      operationId: request.operationId,
      stackId,
      logicalId: 'A',
      physicalId: 'sg-1',
      attributes: {},
    });
    await redriveLater();
    expect(planner.take(ResourceCreateRequested)).toEqual([]);

    await planner.send(StackDeleteRequested, { stackId, requestedAt: new Date().toISOString() });
    const [lost] = planner.take(ResourceDeleteRequested);
    await redriveLater();

    expect(planner.take(ResourceDeleteRequested)).toEqual([lost]);
  });
});
