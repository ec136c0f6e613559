import { maskAuditPayload } from './audit-payload-masking';

const TEMPLATE = JSON.stringify({
  Parameters: { Password: { Type: 'String', NoEcho: true }, Name: { Type: 'String' } },
  Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

describe('maskAuditPayload', () => {
  it('masks NoEcho values of a stack request, by its list or else by its template', () => {
    const request = {
      templateBody: TEMPLATE,
      parameters: [
        { key: 'Password', value: 'pw' },
        { key: 'Name', value: 'web' },
      ],
    };
    const expected = [
      { key: 'Password', value: '****' },
      { key: 'Name', value: 'web' },
    ];
    expect(maskAuditPayload({ ...request, noEchoParameters: ['Password'] })).toMatchObject({ parameters: expected });
    expect(maskAuditPayload(request)).toMatchObject({ parameters: expected });
    expect(request.parameters[0].value).toBe('pw');
  });

  it('masks every value when the template cannot be read', () => {
    const masked = maskAuditPayload({ templateBody: '{', parameters: [{ key: 'A', value: 'x' }] });
    expect(masked).toMatchObject({ parameters: [{ key: 'A', value: '****' }] });
  });

  it('masks resolved parameters of a validated template, lists included', () => {
    const masked = maskAuditPayload({
      parameters: { Password: 'pw', Keys: ['a', 'b'], Name: 'web' },
      noEchoParameters: ['Password', 'Keys'],
    });
    expect(masked).toMatchObject({ parameters: { Password: '****', Keys: '****', Name: 'web' } });
  });

  it('masks the property strings a resource request marks', () => {
    const masked = maskAuditPayload({
      properties: { UserData: 'pw=pw', Name: 'web', Tags: [{ Value: 'pw' }] },
      noEchoPaths: ['/UserData', '/Tags/0/Value'],
    });
    expect(masked).toMatchObject({ properties: { UserData: '****', Name: 'web', Tags: [{ Value: '****' }] } });
  });

  it('leaves other payloads as they are', () => {
    const payload = { stackId: 'x', status: 'CREATE_COMPLETE' };
    expect(maskAuditPayload(payload)).toBe(payload);
    expect(maskAuditPayload('text')).toBe('text');
  });

  it("masks the secret parameters in a configuration request's facts", () => {
    const masked = maskAuditPayload({
      logicalId: 'Web',
      facts: { parameters: { Password: 'hunter2', Size: 'small' }, secrets: ['Password'], resources: {} },
    }) as { facts: { parameters: Record<string, string> } };
    expect(masked.facts.parameters).toEqual({ Password: '****', Size: 'small' });
  });
});
