import { isJsonFaithful } from './json-faithful';
import { parseTemplate } from './parse-template';

describe('isJsonFaithful', () => {
  it('holds for a parsed template, short forms and all', () => {
    const template = parseTemplate(
      'Resources:\n  V: {Type: AWS::EC2::Instance, Properties: {ImageId: !Ref Image, Count: 2, Ok: true, No: null}}\n',
    );
    expect(isJsonFaithful(template)).toBe(true);
    expect(JSON.parse(JSON.stringify(template))).toEqual(template);
  });

  it('fails for numbers JSON turns into null, however deep', () => {
    for (const literal of ['.inf', '-.inf', '.nan']) {
      const template = parseTemplate(
        `Resources:\n  V: {Type: AWS::EC2::Instance, Properties: {Tags: [{Key: k, Value: ${literal}}]}}\n`,
      );
      expect(isJsonFaithful(template)).toBe(false);
    }
  });

  it('fails for values that are not plain data', () => {
    expect(isJsonFaithful({ at: new Date(0) })).toBe(false);
    expect(isJsonFaithful([undefined])).toBe(false);
    expect(isJsonFaithful({ big: 1n })).toBe(false);
  });
});
