import { conditionHolds, evaluateCondition, evaluateConditions } from './conditions';
import { contextFor } from './evaluation-context.fixture';

describe('conditions', () => {
  const template = {
    Parameters: { Env: { Type: 'String' }, Size: { Type: 'Number' } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsBig: { 'Fn::Equals': [{ Ref: 'Size' }, 10] },
      ProdAndBig: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsBig' }] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    },
  };

  it('evaluates every condition from parameters and other conditions', () => {
    const ctx = contextFor(template, { parameters: { Env: 'prod', Size: '10' } });
    expect(evaluateConditions(ctx)).toEqual({ IsProd: true, IsBig: true, ProdAndBig: true, NotProd: false });
  });

  it('tells whether a Condition attribute holds; no attribute means always', () => {
    const ctx = contextFor(template, { parameters: { Env: 'dev', Size: '10' } });
    expect(conditionHolds(undefined, ctx)).toBe(true);
    expect(conditionHolds('ProdAndBig', ctx)).toBe(false);
    expect(conditionHolds('NotProd', ctx)).toBe(true);
  });

  it('names an undeclared condition and where it was used', () => {
    const ctx = contextFor(template, { parameters: { Env: 'dev', Size: '1' } });
    expect(() => evaluateCondition('Ghost', ctx, 'Fn::If')).toThrow(
      'Template error: unresolved condition dependency Ghost in Fn::If',
    );
  });

  it('reports circular conditions instead of overflowing the stack', () => {
    const ctx = contextFor({
      Conditions: {
        A: { 'Fn::Not': [{ Condition: 'B' }] },
        B: { 'Fn::Not': [{ Condition: 'A' }] },
      },
    });
    expect(() => evaluateCondition('A', ctx)).toThrow('Template error: Circular dependency between conditions: [A, B]');
  });

  it('rejects a condition that is not a boolean operation', () => {
    const ctx = contextFor({ Conditions: { Text: 'yes' } });
    expect(() => evaluateCondition('Text', ctx)).toThrow(/Conditions can only be boolean operations/);
  });
});
