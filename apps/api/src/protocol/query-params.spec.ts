import { AwsError } from './aws-error';
import {
  isListPresent,
  parseQueryBody,
  readBoolean,
  readInteger,
  readParameters,
  readString,
  readStringList,
  readStructList,
  readTags,
} from './query-params';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as AwsError).code;
  }
  return 'no error';
};

describe('parseQueryBody', () => {
  it('decodes form encoding with + as space, from a string or a Buffer', () => {
    const body = 'Action=CreateStack&StackName=my+stack&Value=a%2Bb%20c%C3%BC&Empty=';
    for (const input of [body, Buffer.from(body)]) {
      expect({ ...parseQueryBody(input) }).toEqual({
        Action: 'CreateStack',
        StackName: 'my stack',
        Value: 'a+b cü',
        Empty: '',
      });
    }
  });

  it('does not let parameter names reach Object.prototype', () => {
    const params = parseQueryBody('__proto__=x&constructor=y');
    expect(params.constructor).toBe('y');
    expect(readString(parseQueryBody(''), 'toString')).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('list readers', () => {
  const params = parseQueryBody(
    'Capabilities.member.2=CAPABILITY_NAMED_IAM&Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.10=LAST' +
      '&Parameters.member.2.ParameterKey=B&Parameters.member.2.UsePreviousValue=true' +
      '&Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=x+y' +
      '&Tags.member.1.Key=team&Tags.member.1.Value=core&NotificationARNs=',
  );

  it('reads Name.member.N in numeric order', () => {
    expect(readStringList(params, 'Capabilities')).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'LAST']);
    expect(readStringList(params, 'ResourceTypes')).toEqual([]);
  });

  it('reads Name.member.N.Field into records ordered by N', () => {
    expect(readStructList(params, 'Parameters').map((r) => ({ ...r }))).toEqual([
      { ParameterKey: 'A', ParameterValue: 'x y' },
      { ParameterKey: 'B', UsePreviousValue: 'true' },
    ]);
  });

  it('tells an explicitly empty list from an absent one', () => {
    expect(isListPresent(params, 'NotificationARNs')).toBe(true);
    expect(readStringList(params, 'NotificationARNs')).toEqual([]);
    expect(isListPresent(params, 'Tags')).toBe(true);
    expect(isListPresent(params, 'ResourceTypes')).toBe(false);
  });

  it('reads typed parameters and tags', () => {
    expect(readParameters(params)).toEqual([
      { ParameterKey: 'A', ParameterValue: 'x y' },
      { ParameterKey: 'B', UsePreviousValue: true },
    ]);
    expect(readTags(params)).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(codeOf(() => readTags(parseQueryBody('Tags.member.1.Key=k')))).toBe('ValidationError');
    expect(codeOf(() => readParameters(parseQueryBody('Parameters.member.1.UsePreviousValue=maybe')))).toBe(
      'ValidationError',
    );
  });
});

describe('scalar readers', () => {
  const params = parseQueryBody('A=true&B=False&C=30&D=3.5&E=yes&F=-2');

  it('reads booleans', () => {
    expect(readBoolean(params, 'A')).toBe(true);
    expect(readBoolean(params, 'B')).toBe(false);
    expect(readBoolean(params, 'Z')).toBeUndefined();
    expect(codeOf(() => readBoolean(params, 'E'))).toBe('ValidationError');
  });

  it('reads integers', () => {
    expect(readInteger(params, 'C')).toBe(30);
    expect(readInteger(params, 'F')).toBe(-2);
    expect(readInteger(params, 'Z')).toBeUndefined();
    expect(codeOf(() => readInteger(params, 'D'))).toBe('ValidationError');
  });
});
