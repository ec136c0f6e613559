import { TemplateFormatError } from './errors';
import { parseTemplate } from './parse-template';

describe('parseTemplate', () => {
  it('reads JSON when the body starts with a brace', () => {
    const template = parseTemplate('  \n{"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}');
    expect(template.Resources.A.Type).toBe('AWS::SNS::Topic');
  });

  it('reports JSON syntax errors with AWS wording, line and column', () => {
    const body = '{\n  "Resources": {\n    "A": {"Type": "X",}\n  }\n}';
    let caught: unknown;
    try {
      parseTemplate(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateFormatError);
    const error = caught as TemplateFormatError;
    expect(error.message).toBe('Template format error: JSON not well-formed. (line 3, column 24)');
    expect([error.line, error.column]).toEqual([3, 24]);
  });

  it('places an unexpected character as AWS does (api/test_templates in LocalStack, recorded on AWS)', () => {
    expect(() => parseTemplate('{"this is invalid JSON"="bobbins"}')).toThrow(
      'Template format error: JSON not well-formed. (line 1, column 25)',
    );
  });

  it('reports truncated JSON at the end of the body', () => {
    expect(() => parseTemplate('{\n"a": ')).toThrow('Template format error: JSON not well-formed. (line 2, column 6)');
  });

  it('reads YAML with every short form as the long-form object', () => {
    const template = parseTemplate(`
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      A: !Ref Env
      B: !GetAtt Db.Endpoint.Address
      C: !GetAtt [Db, Port]
      D: !Sub 'http://\${Db.Endpoint.Address}'
      E: !Join ['-', [!Ref Env, !Sub '\${AWS::Region}']]
      F: !Select [0, !GetAZs '']
      G: !Split [',', !ImportValue Shared]
      H: !If [IsProd, !Base64 hello, !Ref AWS::NoValue]
      I: !FindInMap [Map, !Ref AWS::Region, Ami]
      J: !Cidr [10.0.0.0/16, 4, 8]
      K: !Sub
        - '\${Name}-x'
        - Name: !Ref Env
      L: !Base64
        Fn::Sub: abc
`);
    const properties = template.Resources.Web.Properties!;
    expect(template.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }] },
    });
    expect(properties).toEqual({
      A: { Ref: 'Env' },
      B: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      C: { 'Fn::GetAtt': ['Db', 'Port'] },
      D: { 'Fn::Sub': 'http://${Db.Endpoint.Address}' },
      E: { 'Fn::Join': ['-', [{ Ref: 'Env' }, { 'Fn::Sub': '${AWS::Region}' }]] },
      F: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      G: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Shared' }] },
      H: { 'Fn::If': ['IsProd', { 'Fn::Base64': 'hello' }, { Ref: 'AWS::NoValue' }] },
      I: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] },
      J: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      K: { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] },
      L: { 'Fn::Base64': { 'Fn::Sub': 'abc' } },
    });
  });

  it('keeps the format version a string and long-form functions untouched', () => {
    const template = parseTemplate(
      'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: T\n    Properties:\n      X: {"Fn::GetAtt": "B.C"}\n',
    );
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Resources.A.Properties).toEqual({ X: { 'Fn::GetAtt': 'B.C' } });
  });

  it('reports YAML syntax errors with line and column', () => {
    let caught: TemplateFormatError | undefined;
    try {
      parseTemplate('Resources:\n  A:\n    Type: [unclosed\n');
    } catch (error) {
      caught = error as TemplateFormatError;
    }
    expect(caught).toBeInstanceOf(TemplateFormatError);
    expect(caught!.message).toMatch(/^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/);
    expect(caught!.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects duplicate keys in YAML at the second key', () => {
    expect(() => parseTemplate('Resources:\n  A: {Type: X}\n  A: {Type: Y}\n')).toThrow(
      'Template format error: YAML not well-formed. (line 3, column 3)',
    );
  });

  it('rejects an unknown tag where it stands', () => {
    expect(() => parseTemplate('Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Foo bar\n')).toThrow(
      'Template format error: YAML not well-formed. (line 5, column 10)',
    );
  });

  it('rejects two short forms on one node, as AWS does', () => {
    expect(() => parseTemplate('Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Base64 !Sub "x"\n')).toThrow(
      /^Template format error: YAML not well-formed\. \(line 5, column \d+\)$/,
    );
  });

  it('resolves anchors and aliases', () => {
    const template = parseTemplate('Resources:\n  A: &res {Type: T}\n  B: *res\n');
    expect(template.Resources.B).toEqual({ Type: 'T' });
  });

  it.each([['[1, 2]'], ['just text'], [''], ['[]'], ['42']])('rejects a top level that is not a map: %j', (body) => {
    expect(() => parseTemplate(body)).toThrow(new TemplateFormatError('Template format error: unsupported structure.'));
  });

  // Found by the fuzzing suite: the yaml package throws a ReferenceError for these while building values.
  it('reports an alias without its anchor as malformed YAML, where it is', () => {
    expect(() => parseTemplate('*!')).toThrow(TemplateFormatError);
    expect(() => parseTemplate('Resources:\n  A: {Type: *missing}\n')).toThrow(
      'Template format error: YAML not well-formed. (line 2, column 13)',
    );
  });

  it('refuses documents nested too deep, including one that contains itself', () => {
    expect(() => parseTemplate(`{"a": ${'['.repeat(200)}${']'.repeat(200)}}`)).toThrow(
      'nested more than 128 levels deep',
    );
    expect(() => parseTemplate(`{"a": ${'['.repeat(120)}${']'.repeat(120)}}`)).not.toThrow();
    expect(() => parseTemplate('a: &x\n  b: *x\n')).toThrow('nested more than 128 levels deep');
  });
});
