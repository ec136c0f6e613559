import {
  NestedStackCreateRequested,
  NestedStackCreateRequestedV1,
  ResourceCreateRequested,
  ResourceCreateSucceeded,
  ResourceDeleteRequested,
  ResourceDeleteSucceeded,
  StackDeleteRequested,
  TemplateValidated,
} from '@cfn/contracts';
import { newId } from '@cfn/runtime';
import { Logger } from '@nestjs/common';

import { PlannerInProcess } from '../../testing/planner-in-process';

const CHILD_TEMPLATE = {
  Resources: { Leaf: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'leaf' } } },
  Outputs: { LeafId: { Value: { Ref: 'Leaf' } } },
};
const PARENT_TEMPLATE = {
  Resources: {
    Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://templates.example/child.json' } },
    User: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: { 'Fn::GetAtt': ['Child', 'Outputs.LeafId'] } },
    },
  },
};

describe('a nested stack (in process)', () => {
  let planner: PlannerInProcess;
  const parentId = newId();

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));
  beforeEach(async () => {
    planner = await PlannerInProcess.start();
  });
  afterEach(() => planner.close());

  /** The api and the validator's part: the child stack's validated template. */
  const childValidated = (request: NestedStackCreateRequestedV1) =>
    planner.send(TemplateValidated, {
      stackId: request.stackId,
      stackArn: request.stackArn,
      stackName: request.stackName,
      accountId: request.accountId,
      region: request.region,
      template: CHILD_TEMPLATE,
      parameters: {},
      noEchoParameters: [],
      tags: request.tags,
      disableRollback: request.disableRollback,
    });
  const status = (stackId: string) => planner.repository.stack(stackId)?.status;

  it('is requested of the api, completes with its child, and hands its outputs to its dependants', async () => {
    await planner.send(TemplateValidated, {
      stackId: parentId,
      stackArn: `arn:aws:cloudformation:zone-1:acct:stack/parent/${parentId}`,
      stackName: 'parent',
      accountId: 'acct',
      region: 'zone-1',
      template: PARENT_TEMPLATE,
      parameters: {},
      noEchoParameters: [],
      tags: [],
      disableRollback: false,
    });
    const [request] = planner.take(NestedStackCreateRequested);
    expect(request).toMatchObject({
      parentStackId: parentId,
      logicalId: 'Child',
      templateURL: 'https://templates.example/child.json',
    });
    expect(planner.repository.rowsOf(parentId).find((row) => row.logicalId === 'Child')?.physicalId).toBe(
      request.stackArn,
    );

    await childValidated(request);
    const [leaf] = planner.take(ResourceCreateRequested);
    expect(leaf).toMatchObject({ stackId: request.stackId, logicalId: 'Leaf' });
    await planner.send(ResourceCreateSucceeded, {
      operationId: leaf.operationId,
      stackId: request.stackId,
      logicalId: 'Leaf',
      physicalId: 'sg-leaf',
      attributes: {},
    });

    expect(status(request.stackId)).toBe('CREATE_COMPLETE');
    const [user] = planner.take(ResourceCreateRequested);
    expect(user).toMatchObject({ stackId: parentId, logicalId: 'User', properties: { GroupDescription: 'sg-leaf' } });
    await planner.send(ResourceCreateSucceeded, {
      operationId: user.operationId,
      stackId: parentId,
      logicalId: 'User',
      physicalId: 'sg-user',
      attributes: {},
    });
    expect(status(parentId)).toBe('CREATE_COMPLETE');

    await planner.send(StackDeleteRequested, { stackId: parentId, requestedAt: new Date().toISOString() });
    const [userDelete] = planner.take(ResourceDeleteRequested);
    expect(userDelete.logicalId).toBe('User');
    await planner.send(ResourceDeleteSucceeded, {
      operationId: userDelete.operationId,
      stackId: parentId,
      logicalId: 'User',
    });
    // The planner deletes the child itself; the child's DELETE_COMPLETE completes the parent's resource.
    const [leafDelete] = planner.take(ResourceDeleteRequested);
    expect(leafDelete).toMatchObject({ stackId: request.stackId, logicalId: 'Leaf' });
    await planner.send(ResourceDeleteSucceeded, {
      operationId: leafDelete.operationId,
      stackId: request.stackId,
      logicalId: 'Leaf',
    });

    expect(status(request.stackId)).toBe('DELETE_COMPLETE');
    expect(status(parentId)).toBe('DELETE_COMPLETE');
  });
});
