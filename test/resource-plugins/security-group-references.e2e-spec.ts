import { CloudStackClient } from '@cfn/cloudstack';
import { evaluate, REF_ATTRIBUTE, stackEvaluationContextOf } from '@cfn/template';

import { SimulatorHarness } from '../../apps/cloudstack-simulator/src/testing/simulator-harness';
import { ResourceOperationContext } from '../../libs/resources/src/resource-type-plugin';
import { Ec2SecurityGroupPlugin } from '../../libs/resources/src/security-group/ec2-security-group.plugin';
import { Ec2SecurityGroupIngressPlugin } from '../../libs/resources/src/security-group/security-group-rule-plugins';
import { findSecurityGroup } from '../../libs/resources/src/security-group/security-group-rules';

/** AWS's Ref of a group without VpcId is its name; wherever a group is named, a name or an id will do. */
describe('security groups named by name or by id', () => {
  let harness: SimulatorHarness;
  let cloud: CloudStackClient;
  const ctx = (logicalId: string): ResourceOperationContext => ({
    cloud,
    stackId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    stackName: 'refs',
    logicalId,
    accountId: '123456789012',
    region: 'zone-1',
    recordProgress: async () => undefined,
  });
  const groups = new Ec2SecurityGroupPlugin();
  const ingress = new Ec2SecurityGroupIngressPlugin();

  beforeAll(async () => {
    harness = await SimulatorHarness.start();
    cloud = harness.admin();
  });
  afterAll(() => harness.close());

  it('gives a group without VpcId its name as Ref, and one with VpcId its id; GroupId is the id', async () => {
    const classic = await groups.create(ctx('Web'), { GroupDescription: 'web' });
    expect(classic.attributes).toMatchObject({
      GroupId: classic.physicalId,
      [REF_ATTRIBUTE]: classic.attributes.GroupName,
    });
    expect(classic.attributes.GroupName).not.toBe(classic.physicalId);
    const inVpc = await groups.create(ctx('Db'), { GroupDescription: 'db', VpcId: 'vpc-1' });
    expect(inVpc.attributes[REF_ATTRIBUTE]).toBe(inVpc.physicalId);

    // Ref resolves to that value; the physical id stays the group's id.
    const template = {
      Resources: { Web: { Type: 'AWS::EC2::SecurityGroup' }, Db: { Type: 'AWS::EC2::SecurityGroup' } },
    };
    const ev = stackEvaluationContextOf(
      { template, parameters: {}, accountId: '1', region: 'r', stackArn: 'arn', stackName: 'refs' },
      [classic, inVpc].map((made, i) => ({
        logicalId: ['Web', 'Db'][i],
        complete: true,
        physicalId: made.physicalId,
        attributes: made.attributes,
      })),
    );
    expect(evaluate({ Ref: 'Web' }, ev)).toBe(classic.attributes.GroupName);
    expect(evaluate({ 'Fn::GetAtt': ['Web', 'GroupId'] }, ev)).toBe(classic.physicalId);
    expect(evaluate({ Ref: 'Db' }, ev)).toBe(inVpc.physicalId);
  });

  it('adds ingress rules to a group given by GroupName (its Ref) or by GroupId holding a name, from a source named either way', async () => {
    const target = await groups.create(ctx('Target'), { GroupDescription: 'target' });
    const source = await groups.create(ctx('Source'), { GroupDescription: 'source' });
    const name = target.attributes.GroupName as string;
    await ingress.create(ctx('ByName'), {
      GroupName: name,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '10.0.0.0/8',
    });
    await ingress.create(ctx('NameAsId'), {
      GroupId: name,
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      SourceSecurityGroupId: source.attributes.GroupName,
    });
    await ingress.create(ctx('IdAsName'), {
      GroupName: target.physicalId,
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupName: source.physicalId,
    });
    const group = await findSecurityGroup(cloud, { id: target.physicalId });
    expect((group?.ingressrule ?? []).map((rule) => [rule.startport, rule.cidr ?? rule.securitygroupname])).toEqual([
      [22, '10.0.0.0/8'],
      [80, source.attributes.GroupName],
      [443, source.attributes.GroupName],
    ]);
    await expect(
      ingress.create(ctx('Missing'), {
        GroupName: 'no-such-group',
        IpProtocol: 'tcp',
        FromPort: 1,
        CidrIp: '0.0.0.0/0',
      }),
    ).rejects.toThrow("Security group 'no-such-group' does not exist in the cloud");
  });
});
