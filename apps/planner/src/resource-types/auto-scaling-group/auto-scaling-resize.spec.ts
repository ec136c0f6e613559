import {
  ResourceCreateRequested,
  ResourceCreateSucceeded,
  ResourceDeleteRequested,
  ResourceUpdateRequested,
  ResourceUpdateSucceeded,
  StackUpdateValidated,
  TemplateValidated,
} from '@cfn/contracts';
import { LAUNCH_CONFIGURATION_KEY } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { Logger } from '@nestjs/common';

import { PlannerInProcess } from '../../testing/planner-in-process';

const LAUNCH_CONFIGURATION = { ImageId: 'image-1', InstanceType: 'small' };
const template = (desired: string) => ({
  Resources: {
    Launch: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: LAUNCH_CONFIGURATION },
    Group: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { LaunchConfigurationName: { Ref: 'Launch' }, MinSize: '1', MaxSize: '5', DesiredCapacity: desired },
    },
  },
});

describe('an AutoScalingGroup resize (in process)', () => {
  let planner: PlannerInProcess;
  const stackId = newId();
  const identity = {
    stackId,
    stackArn: `arn:aws:cloudformation:zone-1:acct:stack/spec/${stackId}`,
    stackName: 'spec',
    accountId: 'acct',
    region: 'zone-1',
  };

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));
  beforeEach(async () => {
    planner = await PlannerInProcess.start();
  });
  afterEach(() => planner.close());

  it('is an in-place update of the group alone, carrying its launch configuration', async () => {
    await planner.send(TemplateValidated, {
      ...identity,
      template: template('1'),
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });
    for (
      let requests = planner.take(ResourceCreateRequested);
      requests.length > 0;
      requests = planner.take(ResourceCreateRequested)
    ) {
      for (const request of requests) {
        await planner.send(ResourceCreateSucceeded, {
          operationId: request.operationId,
          stackId,
          logicalId: request.logicalId,
          physicalId: `${request.logicalId}-1`,
          attributes: {},
        });
      }
    }
    expect(planner.repository.stack(stackId)?.status).toBe('CREATE_COMPLETE');

    await planner.send(StackUpdateValidated, {
      ...identity,
      version: 1,
      template: template('3'),
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });

    const [resize] = planner.take(ResourceUpdateRequested);
    expect(resize).toMatchObject({
      logicalId: 'Group',
      physicalId: 'Group-1',
      properties: {
        DesiredCapacity: '3',
        LaunchConfigurationName: 'Launch-1',
        [LAUNCH_CONFIGURATION_KEY]: LAUNCH_CONFIGURATION,
      },
      previousProperties: { DesiredCapacity: '1' },
    });
    expect(planner.take(ResourceCreateRequested)).toEqual([]);

    await planner.send(ResourceUpdateSucceeded, {
      operationId: resize.operationId,
      stackId,
      logicalId: 'Group',
      physicalId: 'Group-1',
      attributes: { Members: [] },
    });
    expect(planner.repository.stack(stackId)?.status).toBe('UPDATE_COMPLETE');
    expect(planner.take(ResourceDeleteRequested)).toEqual([]);
  });
});
