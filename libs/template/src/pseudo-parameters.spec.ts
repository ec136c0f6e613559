import { isPseudoParameter, NO_VALUE, PSEUDO_PARAMETER_NAMES, pseudoParameterValues } from './pseudo-parameters';

describe('pseudo parameters', () => {
  it('gives a value for every pseudo parameter name', () => {
    const values = pseudoParameterValues({ accountId: '1', region: 'r', stackId: 'arn:s', stackName: 's' });
    expect(Object.keys(values).sort()).toEqual([...PSEUDO_PARAMETER_NAMES].sort());
    expect(values).toMatchObject({
      'AWS::AccountId': '1',
      'AWS::Region': 'r',
      'AWS::StackId': 'arn:s',
      'AWS::StackName': 's',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': [],
    });
    expect(values['AWS::NoValue']).toBe(NO_VALUE);
  });

  it('recognises pseudo parameter names only', () => {
    expect(isPseudoParameter('AWS::Region')).toBe(true);
    expect(isPseudoParameter('AWS::Nope')).toBe(false);
  });
});
