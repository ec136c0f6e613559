import { CloudStackApiError, type CloudStackClient } from '@cfn/cloudstack';
import { TemplateDocument, TemplateValidationError } from '@cfn/template';

import { CloudParameterChecker } from './cloud-parameter-checker';

const CATALOGUE: Record<string, Array<Record<string, unknown>>> = {
  listZones: [
    { id: 'z-1', name: 'Sim-Zone-1' },
    { id: 'z-2', name: 'Sim-Zone-2' },
  ],
  listTemplates: [{ id: 't-1', name: 'debian-12' }],
  listServiceOfferings: [{ id: 'o-1', name: 'Small Instance' }],
};

/** A cloud that knows the catalogue above and has no listSSHKeyPairs (as an older simulator). */
function fakeCloud(calls: string[]): CloudStackClient {
  return {
    listAll: async (command: string) => {
      calls.push(command);
      if (!CATALOGUE[command]) throw new CloudStackApiError(command, 432, 'The given command does not exist');
      return CATALOGUE[command];
    },
  } as unknown as CloudStackClient;
}

const template: TemplateDocument = {
  Parameters: {
    Zone: { Type: 'CloudStack::Zone::Name' },
    Az: { Type: 'AWS::EC2::AvailabilityZone::Name' },
    Zones: { Type: 'List<CloudStack::Zone::Name>' },
    Image: { Type: 'CloudStack::Template::Name' },
    Ami: { Type: 'AWS::EC2::Image::Id' },
    Size: { Type: 'CloudStack::ServiceOffering::Name' },
    Key: { Type: 'AWS::EC2::KeyPair::KeyName' },
    Free: { Type: 'String' },
    Password: { Type: 'CloudStack::Template::Name', NoEcho: true },
  },
  Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
};

const good = {
  Zone: 'Sim-Zone-1',
  Az: 'z-2',
  Zones: ['Sim-Zone-1', 'Sim-Zone-2'],
  Image: 'debian-12',
  Ami: 't-1',
  Size: 'Small Instance',
  Key: 'anything',
  Free: 'x',
  Password: 'debian-12',
};

describe('CloudParameterChecker', () => {
  it('accepts values the cloud has (by name or id), listing each catalogue once, and notes checks it could not make', async () => {
    const calls: string[] = [];
    const result = await new CloudParameterChecker(fakeCloud(calls)).check(template, good);
    expect(result.skipped).toEqual([
      'parameter Key (AWS::EC2::KeyPair::KeyName) was not checked: the cloud has no listSSHKeyPairs command',
    ]);
    expect(calls.sort()).toEqual(['listSSHKeyPairs', 'listServiceOfferings', 'listTemplates', 'listZones']);
  });

  it.each([
    ['Zone', 'Nowhere'],
    ['Zones', ['Sim-Zone-1', 'Sim-Zone-9']],
    ['Image', 'windows-95'],
    ['Size', 'Huge Instance'],
  ])('rejects a %s the cloud does not have, in AWS words', async (name, value) => {
    const missing = Array.isArray(value) ? value[1] : value;
    await expect(new CloudParameterChecker(fakeCloud([])).check(template, { ...good, [name]: value })).rejects.toThrow(
      new TemplateValidationError(
        `Parameter validation failed: parameter value ${missing} for parameter name ${name} does not exist`,
      ),
    );
  });

  it('accepts an AMI id the image map gives a template for ("*" and patterns included)', async () => {
    const saved = process.env.CFN_IMAGE_MAP;
    process.env.CFN_IMAGE_MAP = '{"ami-*": "debian-12"}';
    try {
      await expect(
        new CloudParameterChecker(fakeCloud([])).check(template, { ...good, Ami: 'ami-0123456789abcdef0' }),
      ).resolves.toBeDefined();
      process.env.CFN_IMAGE_MAP = '{"ami-*": "windows-95"}';
      await expect(
        new CloudParameterChecker(fakeCloud([])).check(template, { ...good, Ami: 'ami-0123456789abcdef0' }),
      ).rejects.toThrow('parameter value ami-0123456789abcdef0 for parameter name Ami does not exist');
    } finally {
      if (saved === undefined) delete process.env.CFN_IMAGE_MAP;
      else process.env.CFN_IMAGE_MAP = saved;
    }
  });

  it('does not repeat a NoEcho value in the message', async () => {
    await expect(
      new CloudParameterChecker(fakeCloud([])).check(template, { ...good, Password: 's3cret' }, ['Password']),
    ).rejects.toThrow('Parameter validation failed: parameter value **** for parameter name Password does not exist');
  });

  it('lists the zone names for Fn::GetAZs', async () => {
    expect(await new CloudParameterChecker(fakeCloud([])).availabilityZones()).toEqual(['Sim-Zone-1', 'Sim-Zone-2']);
  });

  it('lets other cloud failures through for the caller to retry', async () => {
    const failing = {
      listAll: async () => {
        throw new CloudStackApiError('listZones', 530, 'busy');
      },
    } as unknown as CloudStackClient;
    await expect(new CloudParameterChecker(failing).check(template, good)).rejects.toBeInstanceOf(CloudStackApiError);
  });
});
