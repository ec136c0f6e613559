import { parseTemplate } from './parse-template';
import { indentFlowContinuations } from './yaml-flow-indentation';

/** Each body with what PyYAML 6 (yaml.safe_load, which cfn-lint uses) reads from it. */
const READ_AS_PYYAML_DOES: Array<[string, unknown]> = [
  ['A:\n  Desc: "quoted\n  more"\n  B: 1\n', { A: { Desc: 'quoted more', B: 1 } }],
  ["A:\n  Desc: 'single\n  more'\n  B: 1\n", { A: { Desc: 'single more', B: 1 } }],
  ['A:\n  Desc: [a,\n  b]\n  B: 1\n', { A: { Desc: ['a', 'b'], B: 1 } }],
  ['A:\n  Desc: {a: 1,\n  b: 2}\n  B: 1\n', { A: { Desc: { a: 1, b: 2 }, B: 1 } }],
  ['A:\n  - "quoted\n  more"\n  - x\n', { A: ['quoted more', 'x'] }],
  ['A:\n  Desc: [a, "b\n  c"]\n', { A: { Desc: ['a', 'b c'] } }],
  [
    'A:\n  Desc: "q\nzero" # it\'s "done"\n  Next: |\n    "not\n  Last: !Join ["", [\n  "a", !Ref B]]\n',
    { A: { Desc: 'q zero', Next: '"not\n', Last: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] } } },
  ],
];

describe('YAML continuation lines at or left of their key (as PyYAML and cfn-lint read them)', () => {
  it.each(READ_AS_PYYAML_DOES)('reads %j', (body, expected) => {
    expect(parseTemplate(body)).toEqual(expected);
  });

  it("still refuses a plain scalar continued at its key's column, as PyYAML does, at the same place", () => {
    expect(() => parseTemplate('A:\n  Desc: plain\n  more\n  B: 1\n')).toThrow(/YAML not well-formed. \(line 3/);
  });

  it('pads only continuation lines, keeping every line where it was', () => {
    const body = 'A:\n  Desc: "x\n  y"\n  Keep: it\'s [not a flow\n  B: |\n    "text\n';
    expect(indentFlowContinuations(body)).toBe(
      'A:\n  Desc: "x\n        y"\n  Keep: it\'s [not a flow\n  B: |\n    "text\n',
    );
  });

  it('reads a `#` that starts a flow scalar (no comment: no space before it) without failing', () => {
    expect(() => indentFlowContinuations('Resources:\n  A: {#Type: x, Condition: y}\n')).not.toThrow();
  });
});
