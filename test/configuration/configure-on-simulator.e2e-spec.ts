import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { sshWithStackKey } from '../support/stack-ssh';
import { expectSettledAs, settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

const TEMPLATE = `
Parameters:
  Greeting: { Type: String, Default: hello }
  Password: { Type: String, NoEcho: true, Default: not-for-your-eyes }
Resources:
  Db:
    Type: AWS::EC2::Instance
    Properties: { ImageId: debian-12, InstanceType: Small Instance }
  Web:
    Type: AWS::EC2::Instance
    Properties: { ImageId: debian-12, InstanceType: Small Instance }
    Metadata:
      AWS::CloudFormation::Init:
        config:
          files:
            /etc/cfn-demo/greeting:
              content: !Sub "\${Greeting} from \${AWS::StackName}"
              mode: "000640"
            /etc/init.d/cfn-demo:
              mode: "000755"
              content: |
                #!/bin/sh
                ### BEGIN INIT INFO
                # Provides: cfn-demo
                # Required-Start: $remote_fs
                # Required-Stop: $remote_fs
                # Default-Start: 2 3 4 5
                # Default-Stop: 0 1 6
                ### END INIT INFO
                PIDFILE=/run/cfn-demo.pid
                case "$1" in
                  start) start-stop-daemon --start --quiet --oknodo --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 86400 ;;
                  stop) start-stop-daemon --stop --quiet --oknodo --pidfile $PIDFILE --remove-pidfile ;;
                  restart) $0 stop; $0 start ;;
                  status) start-stop-daemon --status --pidfile $PIDFILE ;;
                  *) exit 1 ;;
                esac
          commands:
            01_marker: { command: "echo configured > /root/configured" }
          services:
            sysvinit:
              cfn-demo: { enabled: true, ensureRunning: true, files: [/etc/init.d/cfn-demo] }
      CloudStack::Configure:
        tasks:
          - name: the database address
            copy: { dest: /etc/cfn-demo/db, content: "{{ resources.Db.attributes.PrivateIp }}\\n" }
          - name: the secret
            copy: { dest: /etc/cfn-demo/password, content: "{{ parameters.Password }}", mode: "0600" }
`;

const BROKEN_TEMPLATE = `
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties: { ImageId: debian-12, InstanceType: Small Instance }
    Metadata:
      CloudStack::Configure:
        tasks:
          - name: a command that fails
            shell: "echo about to fail; exit 3"
`;

const GROUP_TEMPLATE = `
Resources:
${['Zk1', 'Zk2', 'Zk3']
  .map(
    (id) => `  ${id}:
    Type: AWS::EC2::Instance
    Properties: { ImageId: debian-12, InstanceType: Small Instance }
    Metadata:
      CloudStack::Configure:
        group: zookeeper
        tasks:
          - name: the ensemble
            copy:
              dest: /etc/cfn-demo/ensemble
              content: "{% for m in groups.zookeeper %}{{ m.address }} {% endfor %}myid={{ self.index + 1 }}\\n"
`,
  )
  .join('')}`;

const SIGNALLING_TEMPLATE = `
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Vm:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: debian-12
      InstanceType: Small Instance
      UserData:
        Fn::Base64: !Sub |
          #!/bin/sh
          curl -sS -X PUT -H 'Content-Type:' --data-binary '{"Status":"SUCCESS","Reason":"booted","UniqueId":"vm","Data":"'"$(hostname)"'"}' "\${Handle}"
  Ready:
    Type: AWS::CloudFormation::WaitCondition
    DependsOn: Vm
    Properties: { Handle: !Ref Handle, Timeout: "120" }
Outputs:
  Data:
    Value: !GetAtt Ready.Data
`;

const REPLACED_TEMPLATE = `
Parameters:
  Image: { Type: String, Default: debian-12 }
  Marker: { Type: String, Default: first }
  ExitCode: { Type: String, Default: "0" }
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties: { ImageId: !Ref Image, InstanceType: Small Instance }
    Metadata:
      CloudStack::Configure:
        tasks:
          - name: the marker
            copy: { dest: /etc/cfn-demo/marker, content: "{{ parameters.Marker }}\\n" }
          - name: the exit code
            shell: "exit {{ parameters.ExitCode }}"
`;

/** The whole path: a VM on the simulator as a real host, configured over SSH before its resource completes. */
describe('configuring VMs over SSH as part of a stack', () => {
  const system = new SystemUnderTest({ deployLatencyMs: 100, realVms: true });

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const sshAs = (stackId: string, address: string, command: string) =>
    sshWithStackKey(system.sshMasterSecret, stackId, address, command);

  it('completes the resource only after its configuration, with every task a stack event', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'configured', TemplateBody: TEMPLATE }));
    await expectSettledAs(cfn, 'configured', 'CREATE_COMPLETE', 240_000);

    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'configured' }));
    const vms = await system
      .cloudStack()
      .listAll<{ id: string; nic: Array<{ ipaddress: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    const addressOf = (logicalId: string) =>
      vms.find((vm) => vm.id === StackResources.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId)!
        .nic[0].ipaddress;
    const stackId = StackId!.split('/').pop()!;
    const web = addressOf('Web');
    expect(await sshAs(stackId, web, 'cat /etc/cfn-demo/greeting')).toBe('hello from configured');
    expect(await sshAs(stackId, web, 'stat -c %a /etc/cfn-demo/greeting')).toBe('640\n');
    expect(await sshAs(stackId, web, 'cat /root/configured')).toBe('configured\n');
    expect(await sshAs(stackId, web, 'cat /etc/cfn-demo/db')).toBe(`${addressOf('Db')}\n`);
    expect(await sshAs(stackId, web, 'cat /etc/cfn-demo/password')).toBe('not-for-your-eyes');
    // The service runs inside the VM (its own PID namespace), not on the host.
    const pid = (await sshAs(stackId, web, 'cat /run/cfn-demo.pid')).trim();
    expect(await sshAs(stackId, web, `cat /proc/${pid}/cmdline | tr '\\0' ' '`)).toBe('/bin/sleep 86400 ');
    expect(await sshAs(stackId, web, 'service cfn-demo status && echo running')).toContain('running');

    // cfn-init's view: the Metadata through DescribeStackResource, with intrinsic functions resolved.
    const { StackResourceDetail } = await cfn.send(
      new DescribeStackResourceCommand({ StackName: 'configured', LogicalResourceId: 'Web' }),
    );
    const metadata = JSON.parse(StackResourceDetail!.Metadata!);
    expect(metadata['AWS::CloudFormation::Init'].config.files['/etc/cfn-demo/greeting'].content).toBe(
      'hello from configured',
    );

    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'configured' }));
    const webEvents = StackEvents.filter((e) => e.LogicalResourceId === 'Web').reverse();
    const configuring = webEvents.findIndex(
      (e) => e.ResourceStatusReason === 'Resource created; configuring it over SSH',
    );
    const complete = webEvents.findIndex((e) => e.ResourceStatus === 'CREATE_COMPLETE');
    expect(configuring).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(configuring);
    const taskEvents = webEvents.slice(configuring + 1, complete).map((e) => e.ResourceStatusReason);
    expect(taskEvents).toEqual(expect.arrayContaining([expect.stringContaining('the database address: changed')]));
    expect(JSON.stringify(StackEvents)).not.toContain('not-for-your-eyes');

    await cfn.send(new DeleteStackCommand({ StackName: 'configured' }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: 'configured' },
    );
    const keyPairs = await system
      .cloudStack()
      .listAll<{ name: string }>('listSSHKeyPairs', { listall: true }, 'sshkeypair');
    expect(keyPairs.map((k) => k.name)).not.toContain(`cfn-${stackId}`);
  });

  it('configures a group only when every member exists, each knowing all addresses and its own index', async () => {
    const cfn = system.cloudFormation();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'ensemble', TemplateBody: GROUP_TEMPLATE }));
    expect(await settledStatus(cfn, 'ensemble', 240_000)).toBe('CREATE_COMPLETE');
    const stackId = StackId!.split('/').pop()!;
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'ensemble' }));
    const vms = await system
      .cloudStack()
      .listAll<{ id: string; nic: Array<{ ipaddress: string }> }>(
        'listVirtualMachines',
        { listall: true },
        'virtualmachine',
      );
    const addresses = ['Zk1', 'Zk2', 'Zk3'].map(
      (logicalId) =>
        vms.find((vm) => vm.id === StackResources.find((r) => r.LogicalResourceId === logicalId)!.PhysicalResourceId)!
          .nic[0].ipaddress,
    );
    for (const [index, address] of addresses.entries()) {
      expect(await sshAs(stackId, address, 'cat /etc/cfn-demo/ensemble')).toBe(
        `${addresses.join(' ')} myid=${index + 1}\n`,
      );
    }
  });

  it("completes a wait condition signalled with curl from a VM's userdata", async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'signalling', TemplateBody: SIGNALLING_TEMPLATE }));
    await expectSettledAs(cfn, 'signalling', 'CREATE_COMPLETE', 240_000);
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'signalling' }))).Stacks!;
    const data = JSON.parse(stack.Outputs!.find((o) => o.OutputKey === 'Data')!.OutputValue!);
    expect(data.vm).toMatch(/^signalling-vm-[0-9a-f]{8}$/);
  });

  it('fails the resource and rolls back when a task fails, with the task output in the reason', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'broken-config', TemplateBody: BROKEN_TEMPLATE }));
    expect(await settledStatus(cfn, 'broken-config', 240_000)).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'broken-config' }));
    const failed = StackEvents.find((e) => e.LogicalResourceId === 'Web' && e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.ResourceStatusReason).toContain('a command that fails');
    expect(failed?.ResourceStatusReason).toContain('about to fail');
    expect(StackEvents.some((e) => e.LogicalResourceId === 'Web' && e.ResourceStatus === 'DELETE_COMPLETE')).toBe(true);
  });

  it('configures a VM that replaces another in an update before the update completes, and rolls back when that fails', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'replaced-config';
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: stackName, TemplateBody: REPLACED_TEMPLATE }),
    );
    await expectSettledAs(cfn, stackName, 'CREATE_COMPLETE', 240_000);
    const stackId = StackId!.split('/').pop()!;
    const web = async () => {
      const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      const id = StackResources.find((r) => r.LogicalResourceId === 'Web')!.PhysicalResourceId!;
      const [vm] = await system
        .cloudStack()
        .listAll<{ id: string; nic: Array<{ ipaddress: string }> }>('listVirtualMachines', { id }, 'virtualmachine');
      return { id, address: vm.nic[0].ipaddress };
    };
    const first = await web();
    const parameters = (image: string, marker: string, exitCode: string) => [
      { ParameterKey: 'Image', ParameterValue: image },
      { ParameterKey: 'Marker', ParameterValue: marker },
      { ParameterKey: 'ExitCode', ParameterValue: exitCode },
    ];

    // A new image means a new VM: it is configured (with the new parameters) before the update goes on.
    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        UsePreviousTemplate: true,
        Parameters: parameters('ubuntu-22.04', 'second', '0'),
      }),
    );
    await expectSettledAs(cfn, stackName, 'UPDATE_COMPLETE', 240_000);
    const second = await web();
    expect(second.id).not.toBe(first.id);
    expect(await sshAs(stackId, second.address, 'cat /etc/cfn-demo/marker')).toBe('second\n');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    const webEvents = StackEvents.filter((e) => e.LogicalResourceId === 'Web')
      .reverse()
      .map((e) => [e.ResourceStatus, e.ResourceStatusReason ?? null, e.PhysicalResourceId]);
    const configuring = webEvents.findIndex(
      ([status, reason, id]) =>
        status === 'UPDATE_IN_PROGRESS' && reason === 'Resource created; configuring it over SSH' && id === second.id,
    );
    const complete = webEvents.findIndex(([status, , id]) => status === 'UPDATE_COMPLETE' && id === second.id);
    expect(configuring).toBeGreaterThan(0);
    expect(complete).toBeGreaterThan(configuring);
    expect(webEvents.slice(configuring + 1, complete).map(([, reason]) => reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('the marker: changed')]),
    );

    // A replacement whose configuration fails fails the update: the rollback keeps the VM in service and removes the new one.
    await cfn.send(
      new UpdateStackCommand({
        StackName: stackName,
        UsePreviousTemplate: true,
        Parameters: parameters('debian-12', 'third', '3'),
      }),
    );
    await expectSettledAs(cfn, stackName, 'UPDATE_ROLLBACK_COMPLETE', 240_000);
    expect((await web()).id).toBe(second.id);
    expect(await sshAs(stackId, second.address, 'cat /etc/cfn-demo/marker')).toBe('second\n');
    const { StackEvents: after = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    const failed = after.find((e) => e.LogicalResourceId === 'Web' && e.ResourceStatus === 'UPDATE_FAILED');
    expect(failed?.ResourceStatusReason).toContain('the exit code');
    const left = await system
      .cloudStack()
      .listAll<{ id: string; name: string; state: string }>('listVirtualMachines', { listall: true }, 'virtualmachine');
    expect(
      left
        .filter((vm) => vm.name.startsWith(`${stackName}-`) && !['Destroyed', 'Expunging'].includes(vm.state))
        .map((vm) => vm.id),
    ).toEqual([second.id]);

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
      { StackName: stackName },
    );
  });
});
