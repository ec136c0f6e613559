import { CloudStackApiError, CloudStackClient, CloudStackTransportError, OwnerClients } from '@cfn/cloudstack';
import { StackCreateRequestedV1 } from '@cfn/contracts';
import { ResourceRegistry, StackTemplateChecker } from '@cfn/resources';

import { StackValidator } from './stack-validator';

const request = (templateBody: string, parameters: Record<string, string> = {}): StackCreateRequestedV1 => ({
  stackId: '0b6c5f8e-3c1e-4a5e-9a53-6d0c7f2a1b11',
  stackArn: 'arn:aws:cloudformation:r:123456789012:stack/s/0b6c5f8e-3c1e-4a5e-9a53-6d0c7f2a1b11',
  stackName: 's',
  accountId: '123456789012',
  region: 'r',
  templateBody,
  parameters: Object.entries(parameters).map(([key, value]) => ({ key, value })),
  tags: [],
  capabilities: [],
  disableRollback: false,
  requestedAt: new Date().toISOString(),
});

/** A cloud whose administrator answers getUserKeys and whose every client records the lists it was asked for. */
function validatorWith(listAll: (command: string) => Promise<unknown[]>) {
  const calls: string[] = [];
  const clientAs = (who: string) =>
    ({
      request: async () => ({ userkeys: { apikey: 'owner-key', secretkey: 'owner-secret' } }),
      listAll: async (command: string) => {
        calls.push(who === 'admin' ? command : `${command} as ${who}`);
        return listAll(command);
      },
    }) as unknown as CloudStackClient;
  const clients = new OwnerClients(clientAs('admin'), (keys) => clientAs(keys.apiKey));
  return { calls, validator: new StackValidator(new StackTemplateChecker(ResourceRegistry.default()), clients) };
}

const zones = async (command: string) => (command === 'listZones' ? [{ id: 'z1', name: 'Sim-Zone-1' }] : []);
const HANDLE = 'Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n';

describe('StackValidator', () => {
  it('leaves the cloud alone when the template does not need it', async () => {
    const { calls, validator } = validatorWith(zones);
    expect(await validator.validate(request(HANDLE), false)).toMatchObject({
      kind: 'validated',
      availabilityZones: undefined,
    });
    expect(calls).toEqual([]);
  });

  it('checks the document the api parsed when the request carries one, and parses the body otherwise', async () => {
    const { validator } = validatorWith(zones);
    const document = { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } };
    // A body that would not parse shows that the document is what was checked.
    expect(await validator.validate({ ...request('{ unparsed'), template: document }, false)).toMatchObject({
      kind: 'validated',
      checked: { template: document },
    });
    const bad = { Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: { Timeout: 5 } } } };
    expect(await validator.validate({ ...request(HANDLE), template: bad }, false)).toEqual({
      kind: 'rejected',
      reason: 'Properties validation failed for resource H with message: #: extraneous key [Timeout] is not permitted',
    });
    expect(await validator.validate(request('{ unparsed'), false)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/^Template format error/),
    });
  });

  it('hands on the zones for Fn::GetAZs and evaluates with them', async () => {
    const { validator } = validatorWith(zones);
    const uses = `${HANDLE}    Metadata: {Zone: !Select [0, !GetAZs ""]}\n`;
    expect(await validator.validate(request(uses), false)).toMatchObject({
      kind: 'validated',
      availabilityZones: ['Sim-Zone-1'],
    });
    const past = `${HANDLE}    Metadata: {Zone: !Select [1, !GetAZs ""]}\n`;
    expect(await validator.validate(request(past), false)).toEqual({
      kind: 'rejected',
      reason: 'Template error: Fn::Select  cannot select nonexistent value at index 1',
    });
  });

  it('rejects a parameter naming nothing in the cloud', async () => {
    const { validator } = validatorWith(zones);
    const body = `Parameters:\n  Zone: {Type: CloudStack::Zone::Name}\n${HANDLE}`;
    expect(await validator.validate(request(body, { Zone: 'Sim-Zone-1' }), false)).toMatchObject({ kind: 'validated' });
    expect(await validator.validate(request(body, { Zone: 'Nowhere' }), false)).toEqual({
      kind: 'rejected',
      reason: 'Parameter validation failed: parameter value Nowhere for parameter name Zone does not exist',
    });
  });

  it("looks the cloud up as the stack's owner", async () => {
    const { calls, validator } = validatorWith(zones);
    const body = `Parameters:\n  Zone: {Type: CloudStack::Zone::Name}\n${HANDLE}    Metadata: {Zone: !Select [0, !GetAZs ""]}\n`;
    const owner = { userId: 'u-1', accountName: 'alice', domainId: 'd-1' };
    expect(await validator.validate({ ...request(body, { Zone: 'Sim-Zone-1' }), owner }, false)).toMatchObject({
      kind: 'validated',
    });
    expect(calls).toEqual(['listZones as owner-key', 'listZones as owner-key']);
  });

  it('asks again later while the cloud cannot answer, and rejects on the last delivery', async () => {
    const { validator } = validatorWith(async () => {
      throw new CloudStackTransportError('listZones', true, new Error('timeout'));
    });
    const body = `Parameters:\n  Zone: {Type: CloudStack::Zone::Name}\n${HANDLE}`;
    await expect(validator.validate(request(body, { Zone: 'Sim-Zone-1' }), false)).rejects.toBeInstanceOf(
      CloudStackTransportError,
    );
    expect(await validator.validate(request(body, { Zone: 'Sim-Zone-1' }), true)).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(
        /^Parameter validation failed: the cloud could not be asked \(listZones: request timed out\)$/,
      ),
    });
  });

  it('rejects at once when the cloud refuses the lookup for good', async () => {
    const { validator } = validatorWith(async () => {
      throw new CloudStackApiError('listZones', 401, 'unable to verify user credentials');
    });
    const body = `Parameters:\n  Zone: {Type: CloudStack::Zone::Name}\n${HANDLE}`;
    expect(await validator.validate(request(body, { Zone: 'Sim-Zone-1' }), false)).toMatchObject({ kind: 'rejected' });
  });

  it('rejects what the api would have refused too', async () => {
    const { validator } = validatorWith(zones);
    expect(await validator.validate(request('Resources: {}'), false)).toEqual({
      kind: 'rejected',
      reason: 'Template format error: At least one Resources member must be defined.',
    });
  });
});
