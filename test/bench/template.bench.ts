import { ResourceRegistry, StackTemplateChecker } from '../../libs/resources/src';
import {
  DependencyGraph,
  evaluate,
  EvaluationContext,
  parseTemplate,
  pseudoParameterValues,
  resolveOutputs,
  TemplateDocument,
} from '../../libs/template/src';

/**
 * `npm run bench:template`: parse, validate (everything CreateStack checks), evaluate (every property and output,
 * as the planner does once the resources exist) and plan (the dependency graph and its creation waves) a template
 * of 500 resources, then of 5,000 (over AWS's quotas, which the benchmark raises). Target: <= 100 ms for 500.
 */
const identity = {
  accountId: '123456789012',
  region: 'zone-1',
  stackId: 'arn:aws:cloudformation:zone-1:123456789012:stack/bench/1',
  stackName: 'bench',
};

/** A template in the shape real ones have: parameters, mappings, conditions, chains of references, outputs. */
export function benchTemplate(count: number): string {
  const resources: Record<string, unknown> = {};
  // Every fifth resource is a wait condition handle; every seventh instance exists only in prod.
  const isHandle = (i: number) => i % 5 === 0;
  const isIncluded = (i: number) => isHandle(i) || i % 7 !== 0;
  for (let i = 0; i < count; i++) {
    const previous = i > 0 && isIncluded(i - 1) ? `Vm${i - 1}` : undefined;
    const peer = previous && !isHandle(i - 1) ? { 'Fn::GetAtt': [previous, 'PrivateIp'] } : 'none';
    if (isHandle(i)) {
      resources[`Vm${i}`] = {
        Type: 'AWS::CloudFormation::WaitConditionHandle',
        ...(previous ? { DependsOn: previous } : {}),
      };
      continue;
    }
    resources[`Vm${i}`] = {
      Type: 'AWS::EC2::Instance',
      ...(isIncluded(i) ? {} : { Condition: 'IsProd' }),
      Properties: {
        ImageId: { 'Fn::FindInMap': ['Images', { Ref: 'Env' }, 'Image'] },
        InstanceType: { 'Fn::If': ['IsProd', 'Large Instance', { Ref: 'Size' }] },
        UserData: {
          'Fn::Base64': {
            'Fn::Sub': [
              'name=${AWS::StackName}-${Index} zone=${Zone} peer=${Peer}',
              { Index: String(i), Zone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, Peer: peer },
            ],
          },
        },
        Tags: [{ Key: 'Name', Value: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, `vm${i}`]] } }],
      },
    };
  }
  const outputs = Object.fromEntries(
    Array.from({ length: Math.min(200, count / 5) }, (_, i) => [`Out${i}`, { Value: { 'Fn::Sub': `\${Vm${i * 5}}` } }]),
  );
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
      Size: { Type: 'String', Default: 'Small Instance' },
    },
    Mappings: { Images: { dev: { Image: 'debian-12' }, prod: { Image: 'ubuntu-22.04' } } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: resources,
    Outputs: outputs,
  });
}

const time = <T>(run: () => T): [T, number] => {
  const started = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
};

/** Long-lived, as in the api and the validator (property schemas compile once). */
const checkers = new Map<number, StackTemplateChecker>();

function measure(count: number) {
  const body = benchTemplate(count);
  if (!checkers.has(count))
    checkers.set(
      count,
      new StackTemplateChecker(ResourceRegistry.default(), { maxBodyBytes: Infinity, maxResources: count }),
    );
  const checker = checkers.get(count)!;
  const zones = ['Sim-Zone-1', 'Sim-Zone-2'];

  const [, parseMs] = time(() => parseTemplate(body));
  const [checked, validateMs] = time(() => checker.check(body, [], { identity, availabilityZones: zones }));
  const template = checked.template as TemplateDocument;
  const [graph, planMs] = time(() => {
    const conditionCtx = context(template, checked.parameters, zones, new Set(Object.keys(template.Resources)));
    const included = new Set(
      Object.entries(template.Resources)
        .filter(
          ([, resource]) =>
            resource.Condition === undefined || evaluate({ Condition: resource.Condition }, conditionCtx) === true,
        )
        .map(([logicalId]) => logicalId),
    );
    const dependencyGraph = new DependencyGraph(template, { include: (id) => included.has(id) });
    return { dependencyGraph, order: dependencyGraph.topologicalOrder() };
  });
  const [, evaluateMs] = time(() => {
    const created = new Set<string>();
    const ctx = context(template, checked.parameters, zones, created);
    for (const logicalId of graph.order) {
      evaluate(template.Resources[logicalId].Properties ?? {}, ctx);
      created.add(logicalId);
    }
    resolveOutputs(template, ctx);
  });
  return {
    count,
    bytes: body.length,
    parseMs,
    validateMs,
    evaluateMs,
    planMs,
    totalMs: validateMs + evaluateMs + planMs,
  };
}

function context(
  template: TemplateDocument,
  parameters: EvaluationContext['parameters'],
  zones: string[],
  created: Set<string>,
): EvaluationContext {
  return {
    template,
    parameters,
    pseudo: pseudoParameterValues(identity),
    resourceRef: (logicalId) => (created.has(logicalId) ? `id-${logicalId}` : undefined),
    resourceAttribute: (logicalId, attribute) => (created.has(logicalId) ? `${attribute}-of-${logicalId}` : undefined),
    availabilityZones: zones,
  };
}

function main() {
  measure(500); // warm-up: JIT and the schema compilations
  measure(5000);
  for (const count of [500, 5000]) {
    const runs = Array.from({ length: count === 500 ? 5 : 2 }, () => measure(count));
    const best = runs.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
    console.log(`${count} resources (${(best.bytes / 1024).toFixed(0)} KiB of JSON), best of ${runs.length}:`);
    console.log(`  parse ${best.parseMs.toFixed(1)} ms (also inside validate)`);
    console.log(
      `  validate ${best.validateMs.toFixed(1)} ms (parse, structure, references, properties, parameters, evaluation check)`,
    );
    console.log(`  plan ${best.planMs.toFixed(1)} ms (conditions, dependency graph, creation order)`);
    console.log(`  evaluate ${best.evaluateMs.toFixed(1)} ms (every property in creation order, and the outputs)`);
    console.log(
      `  total ${best.totalMs.toFixed(1)} ms${count === 500 ? ` (target <= 100 ms: ${best.totalMs <= 100 ? 'met' : 'MISSED'})` : ''}`,
    );
  }
}

if (require.main === module) main();
