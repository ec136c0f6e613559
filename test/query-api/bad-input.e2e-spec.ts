import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';

import { SystemUnderTest } from '../support/system-under-test';
import { THREE_INSTANCES_JSON } from '../support/templates';

/** Every kind of bad input gets AWS's error code in AWS's XML shape, never a 500. */
describe('the Query API answers bad input as AWS does', () => {
  const system = new SystemUnderTest();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  const xmlCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

  it('rejects malformed JSON with its line and column', async () => {
    await expect(
      system.cloudFormation().send(new CreateStackCommand({ StackName: 'bad-json', TemplateBody: '{"Resources": {' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Template format error: JSON not well-formed\. \(line \d+, column \d+\)$/),
    });
  });

  it('rejects malformed YAML', async () => {
    await expect(
      system
        .cloudFormation()
        .send(new CreateStackCommand({ StackName: 'bad-yaml', TemplateBody: 'Resources:\n  A: [\n' })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('YAML not well-formed') });
  });

  it('rejects a template with an unknown resource type and names it', async () => {
    const body = JSON.stringify({ Resources: { X: { Type: 'AWS::Nope::Thing' } } });
    await expect(
      system.cloudFormation().send(new ValidateTemplateCommand({ TemplateBody: body })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('AWS::Nope::Thing') });
  });

  it('answers ValidateTemplate with the parameters and description', async () => {
    const summary = await system
      .cloudFormation()
      .send(new ValidateTemplateCommand({ TemplateBody: THREE_INSTANCES_JSON }));
    expect(summary.Description).toBe('Three instances, one depending on the other two');
    expect(summary.Parameters).toEqual([
      expect.objectContaining({ ParameterKey: 'Image', DefaultValue: 'debian-12', NoEcho: false }),
    ]);
  });

  it('refuses a second stack with a name in use (AlreadyExistsException)', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(new CreateStackCommand({ StackName: 'taken', TemplateBody: THREE_INSTANCES_JSON }));
    await expect(
      cfn.send(new CreateStackCommand({ StackName: 'taken', TemplateBody: THREE_INSTANCES_JSON })),
    ).rejects.toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [taken] already exists' });
    await cfn.send(new DeleteStackCommand({ StackName: 'taken' }));
  });

  it('says an unknown stack does not exist, in the words the waiters expect', async () => {
    await expect(
      system.cloudFormation().send(new DescribeStacksCommand({ StackName: 'never-made' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id never-made does not exist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (403)', async () => {
    await expect(
      system.cloudFormation({ secretAccessKey: 'wrong' }).send(new DescribeStacksCommand({})),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses an unsigned request with MissingAuthenticationToken (403)', async () => {
    const response = await fetch(system.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeStacks&Version=2010-05-15',
    });
    expect(response.status).toBe(403);
    const xml = await response.text();
    expect(xmlCode(xml)).toBe('MissingAuthenticationToken');
    expect(xml).toContain('<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a missing StackName and an unknown Action with their AWS codes', async () => {
    const { signedPost } = await import('../support/signed-request');
    const missing = await signedPost(system, 'Action=CreateStack&Version=2010-05-15&TemplateBody=%7B%7D');
    expect(missing.status).toBe(400);
    expect(xmlCode(missing.body)).toBe('ValidationError');
    expect(missing.body).toContain("Value null at 'stackName' failed to satisfy constraint: Member must not be null");
    const unknown = await signedPost(system, 'Action=ExplodeStack&Version=2010-05-15');
    expect(unknown.status).toBe(400);
    expect(xmlCode(unknown.body)).toBe('InvalidAction');
  });
});
