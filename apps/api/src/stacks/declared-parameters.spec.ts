import { parseTemplate, TemplateDocument } from '@cfn/template';

import { declaredParameters, rememberDeclaredParameters } from './declared-parameters';

describe('declaredParameters', () => {
  it('lists parameters in template order with defaults (lists joined) and NoEcho', () => {
    const body = [
      'Parameters:',
      '  Size: {Type: String, Default: small}',
      '  Secret: {Type: String, NoEcho: true}',
      '  Zones: {Type: CommaDelimitedList, Default: [a, b]}',
      'Resources: {}',
    ].join('\n');
    expect(declaredParameters(body)).toEqual([
      { key: 'Size', defaultValue: 'small', noEcho: false },
      { key: 'Secret', defaultValue: undefined, noEcho: true },
      { key: 'Zones', defaultValue: 'a,b', noEcho: false },
    ]);
  });

  it('answers null for a body that cannot be read', () => {
    expect(declaredParameters('Resources: [unclosed')).toBeNull();
  });

  it('answers from a template the caller already parsed, without reading the body again', () => {
    // The body alone would read as null: only the remembered template can give this answer.
    const body = 'Resources: [unclosed-but-remembered';
    const template = parseTemplate(
      'Parameters: {Env: {Type: String, Default: prod}}\nResources: {}',
    ) as TemplateDocument;
    rememberDeclaredParameters(body, template);
    expect(declaredParameters(body)).toEqual([{ key: 'Env', defaultValue: 'prod', noEcho: false }]);
  });
});
