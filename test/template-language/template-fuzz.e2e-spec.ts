import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ResourceRegistry, StackTemplateChecker } from '@cfn/resources';
import {
  evaluate,
  EvaluationContext,
  parseTemplate,
  pseudoParameterValues,
  resolveOutputs,
  TemplateDocument,
  TemplateValidationError,
  UnresolvedReferenceError,
} from '@cfn/template';
import fc from 'fast-check';

/**
 * Property-based fuzzing of the parser, the validator and the evaluator: random and mutated templates must only
 * ever be refused with TemplateValidationError (the api's ValidationError). The evaluator may also say
 * UnresolvedReferenceError, its documented "not created yet" answer. Anything else (TypeError, RangeError, a hang)
 * would be a 500 from the api or a stuck stack.
 */
const checker = new StackTemplateChecker(ResourceRegistry.default());
const identity = {
  accountId: '123456789012',
  region: 'us-east-1',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/fuzz/1',
  stackName: 'fuzz',
};
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const NAMES = ['A', 'B', 'C', 'Vm', 'Handle', 'Env', 'IsProd', 'Map'];
const FUNCTIONS = [
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
  'Fn::Nope',
];
const SECTION_KEYS = [
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'Value',
  'Export',
  'Name',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'NoEcho',
  'MinLength',
  'MaxValue',
  'DefaultValue',
  'ImageId',
  'TemplateId',
  'UserData',
  '__proto__',
];
const STRINGS = [
  '',
  'A',
  'Vm',
  'Handle',
  'Env',
  'IsProd',
  'Map',
  'AWS::Region',
  'AWS::NoValue',
  'AWS::StackName',
  'PrivateIp',
  'Vm.PrivateIp',
  '${A}',
  '${Vm.PrivateIp}',
  '${!Literal}',
  '${',
  'x,y,z',
  '10.0.0.0/16',
  '256',
  '-1',
  '1e9',
  'true',
  'prod',
  'debian-12',
  '[a-z]+',
  '(',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::EC2::Instance',
  'CloudStack::VirtualMachine',
  'String',
  'Number',
  'List<Number>',
  'CommaDelimitedList',
  'CloudStack::Zone::Name',
  'Retain',
  '2010-09-09',
];

const scalar = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -3, max: 300 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);

/** Values shaped like template fragments: intrinsic functions with right and wrong arguments, nested. */
const fragment: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.tuple(fc.constantFrom(...FUNCTIONS), tie('value')).map(([name, argument]) => ({ [name]: argument })),
    fc.dictionary(fc.constantFrom(...NAMES, ...SECTION_KEYS, ...FUNCTIONS), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const namedMap = <T>(value: fc.Arbitrary<T>) =>
  fc.dictionary(fc.constantFrom(...NAMES, 'bad-name', 'AWS::NoValue'), value, { maxKeys: 3 });

/** Whole templates: mostly well-formed sections holding random fragments. */
const template = fc
  .record(
    {
      AWSTemplateFormatVersion: fc.option(fc.constantFrom('2010-09-09', '2011-01-01'), { nil: undefined }),
      Parameters: fc.option(
        namedMap(
          fc.record(
            {
              Type: fc.constantFrom(
                'String',
                'Number',
                'List<Number>',
                'CommaDelimitedList',
                'CloudStack::Zone::Name',
                'Strng',
              ),
              Default: fc.option(fc.oneof(fc.constantFrom('1', 'prod', 'a,b', '', '10'), fc.integer()), {
                nil: undefined,
              }),
              AllowedValues: fc.option(fc.array(fc.constantFrom('1', 'prod', 'dev', 'a,b')), { nil: undefined }),
              AllowedPattern: fc.option(fc.constantFrom('[a-z]+', '.*', '(', '\\d+'), { nil: undefined }),
              NoEcho: fc.option(fc.boolean(), { nil: undefined }),
            },
            { requiredKeys: ['Type'] },
          ),
        ),
        { nil: undefined },
      ),
      Mappings: fc.option(
        namedMap(
          fc.dictionary(
            fc.constantFrom('us-east-1', 'prod', 'K'),
            fc.dictionary(fc.constantFrom('V', 'Azs'), fragment, { maxKeys: 2 }),
            { maxKeys: 2 },
          ),
        ),
        { nil: undefined },
      ),
      Conditions: fc.option(namedMap(fragment), { nil: undefined }),
      Resources: namedMap(
        fc.record(
          {
            Type: fc.constantFrom(
              'AWS::CloudFormation::WaitConditionHandle',
              'AWS::EC2::Instance',
              'CloudStack::VirtualMachine',
              'AWS::Nope',
            ),
            Properties: fc.option(
              fc.dictionary(
                fc.constantFrom('ImageId', 'InstanceType', 'UserData', 'TemplateId', 'ServiceOfferingId', 'Name'),
                fragment,
                { maxKeys: 3 },
              ),
              { nil: undefined },
            ),
            Metadata: fc.option(fc.dictionary(fc.constantFrom('M', 'N'), fragment, { maxKeys: 2 }), { nil: undefined }),
            DependsOn: fc.option(
              fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...NAMES), { maxLength: 2 })),
              { nil: undefined },
            ),
            Condition: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
          },
          { requiredKeys: ['Type'] },
        ),
      ),
      Outputs: fc.option(
        namedMap(
          fc.record(
            { Value: fragment, Condition: fc.option(fc.constantFrom(...NAMES), { nil: undefined }) },
            { requiredKeys: ['Value'] },
          ),
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['Resources'] },
  )
  .map((document) => JSON.parse(JSON.stringify(document)) as Record<string, unknown>);

function onlyValidationErrors(run: () => unknown, alsoAllowed: Array<new (...args: never[]) => Error> = []): void {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateValidationError) return;
    if (alsoAllowed.some((kind) => error instanceof kind)) return;
    throw error;
  }
}

/** A stack whose resources all exist: refs and attributes answer, so the planner's evaluation runs to the end. */
function createdStackContext(
  document: TemplateDocument,
  parameters: EvaluationContext['parameters'],
): EvaluationContext {
  return {
    template: document,
    parameters,
    pseudo: pseudoParameterValues(identity),
    resourceRef: (logicalId) => `physical-${logicalId}`,
    resourceAttribute: (logicalId, attribute) => `${logicalId}.${attribute}`,
    availabilityZones: ['Sim-Zone-1', 'Sim-Zone-2'],
  };
}

/** The whole path of a stack: CreateStack's checks, then (when accepted) every property and output evaluated. */
function createStack(body: string): void {
  const checked = checker.check(body, [], { identity, availabilityZones: ['Sim-Zone-1'] });
  const ctx = createdStackContext(checked.template, checked.parameters);
  for (const resource of Object.values(checked.template.Resources)) {
    onlyValidationErrors(() => evaluate(resource.Properties ?? {}, ctx));
  }
  onlyValidationErrors(() => resolveOutputs(checked.template, ctx));
}

const corpus = ['valid', 'broken'].flatMap((dir) => {
  const folder = join(__dirname, '..', 'fixtures', 'templates', dir);
  return readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8'));
});
const validDocuments = corpus.flatMap((body) => {
  try {
    return [parseTemplate(body) as unknown as Record<string, unknown>];
  } catch {
    return [];
  }
});

/** Mutations of real templates: text cut, characters changed, values swapped for random fragments, keys dropped. */
const mutatedText = fc
  .tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), fc.string({ maxLength: 3 }))
  .map(([body, at, length, insert]) => {
    const start = at % (body.length + 1);
    return body.slice(0, start) + insert + body.slice(start + (length % 4));
  });

function mutate(document: unknown, path: number[], replacement: unknown, drop: boolean): unknown {
  if (path.length === 0 || document === null || typeof document !== 'object') return replacement;
  const entries = Object.entries(document as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const index = path[0] % entries.length;
  const changed = entries.flatMap(([key, value], position) => {
    if (position !== index) return [[key, value]];
    return drop && path.length === 1 ? [] : [[key, mutate(value, path.slice(1), replacement, drop)]];
  });
  return Array.isArray(document) ? changed.map(([, value]) => value) : Object.fromEntries(changed);
}

const mutatedDocument = fc
  .tuple(fc.constantFrom(...validDocuments), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fragment, fc.boolean())
  .map(([document, path, replacement, drop]) => JSON.stringify(mutate(document, path, replacement, drop)));

describe('fuzzing the parser, validator and evaluator', () => {
  const options = { seed: SEED, verbose: 1 };

  it('the parser refuses random text only with TemplateValidationError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), mutatedText), (body) => {
        onlyValidationErrors(() => parseTemplate(body));
      }),
      { ...options, numRuns: 3000 },
    );
  });

  it('CreateStack and the planner evaluation refuse random templates only with TemplateValidationError', () => {
    fc.assert(
      fc.property(template, (document) => {
        onlyValidationErrors(() => createStack(JSON.stringify(document)));
      }),
      { ...options, numRuns: 3000 },
    );
  });

  it('so do they for mutations of the corpus, as text and as documents', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedText, mutatedDocument), (body) => {
        onlyValidationErrors(() => createStack(body));
      }),
      { ...options, numRuns: 3000 },
    );
  });

  it('the evaluator answers any fragment with a value, TemplateValidationError or UnresolvedReferenceError', () => {
    const document = parseTemplate(
      readFileSync(join(__dirname, '..', 'fixtures', 'templates', 'valid', '24-short-tags.yaml'), 'utf8'),
    );
    const partial: EvaluationContext = {
      ...createdStackContext(document, { Env: 'dev' }),
      resourceRef: () => undefined,
      availabilityZones: undefined,
    };
    fc.assert(
      fc.property(fragment, (value) => {
        onlyValidationErrors(() => evaluate(value, createdStackContext(document, { Env: 'dev' })));
        onlyValidationErrors(() => evaluate(value, partial), [UnresolvedReferenceError]);
      }),
      { ...options, numRuns: 3000 },
    );
  });
});
