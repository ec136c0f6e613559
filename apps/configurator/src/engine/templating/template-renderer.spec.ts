import { TemplateError, TemplateRenderer } from './template-renderer';

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer();
  const members = [
    { logicalId: 'Zk0', index: 0, address: '10.0.0.10' },
    { logicalId: 'Zk1', index: 1, address: '10.0.0.11' },
    { logicalId: 'Zk2', index: 2, address: '10.0.0.12' },
  ];
  const vars = { groups: { zk: members }, self: { index: 1 }, port: 2181, flag: 'yes' };

  it('renders Jinja2 text with loops and Ansible filters', () => {
    const text =
      '{% for m in groups.zk %}server.{{ m.index + 1 }}={{ m.address }}:2888:3888\n{% endfor %}myid={{ self.index + 1 }}';
    expect(renderer.render(text, vars)).toBe(
      'server.1=10.0.0.10:2888:3888\nserver.2=10.0.0.11:2888:3888\nserver.3=10.0.0.12:2888:3888\nmyid=2',
    );
    expect(renderer.render('{{ groups.zk | map(attribute="address") | join(",") }}', vars)).toBe(
      '10.0.0.10,10.0.0.11,10.0.0.12',
    );
    expect(
      renderer.render('{{ groups.zk | selectattr("index", "equalto", 2) | map(attribute="logicalId") | join }}', vars),
    ).toBe('Zk2');
    expect(renderer.render('{{ "a-b" | regex_replace("-(.)", "_\\\\1") }} {{ flag | bool }}', vars)).toBe('a_b true');
  });

  it('keeps a whole-expression value as a value', () => {
    expect(
      renderer.renderValue(
        { port: '{{ port }}', list: '{{ groups.zk | map(attribute="index") }}', text: 'p={{ port }}' },
        vars,
      ),
    ).toEqual({ port: 2181, list: [0, 1, 2], text: 'p=2181' });
  });

  it('evaluates when conditions, lists of them and booleans', () => {
    expect(renderer.condition('self.index == 1', vars)).toBe(true);
    expect(renderer.condition('{{ self.index == 0 }}', vars)).toBe(false);
    expect(renderer.condition(['port > 1000', 'missing is not defined'], vars)).toBe(true);
    expect(renderer.condition(false, vars)).toBe(false);
    expect(renderer.condition(undefined, vars)).toBe(true);
  });

  it('fails on undefined variables instead of rendering nothing', () => {
    expect(() => renderer.render('x={{ nope }}', vars)).toThrow(TemplateError);
    expect(() => renderer.render('x={{ nope }}', vars)).toThrow(/undefined/);
  });
});
