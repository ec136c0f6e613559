import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

import { ResourceRegistry, StackTemplateChecker } from '@cfn/resources';
import { TemplateValidationError } from '@cfn/template';

/**
 * cfn-lint (the AWS-maintained linter, installed in the machine's Python) as a second opinion on our validator:
 * over a corpus of valid and broken templates and the project's own templates, what cfn-lint rejects for a
 * structure or function error we reject, and what it accepts we accept. Set CFN_LINT to use another executable.
 */
const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'templates');

/**
 * The cfn-lint rules about the template language itself: parsing, sections, functions, parameters, resource
 * attributes, outputs, mappings, conditions. Left out are checks of values against AWS's catalogue (AMI id
 * formats, EC2 instance types, property schemas of AWS services): on CloudStack those name other things.
 */
const LANGUAGE_RULE =
  /^E(0000|100[1-5]|10[1-4]\d|20(0[1-3]|1[01]|15)|300[14567]|3010|3015|303[56]|3055|4\d{3}|6\d{3}|7\d{3}|8\d{3})$/;

/** Where we deliberately answer otherwise than cfn-lint, and why (each difference is asserted, so it stays true). */
const DELIBERATE_DIFFERENCES: Record<string, { lint: 'accepts' | 'rejects'; us: 'accepts' | 'rejects'; why: string }> =
  {
    'broken/02-empty-resources.json': {
      lint: 'accepts',
      us: 'rejects',
      why: 'AWS refuses an empty Resources map ("At least one Resources member must be defined.", recorded by LocalStack); cfn-lint does not check it',
    },
    'broken/18-findinmap-undefined-map.yaml': {
      lint: 'accepts',
      us: 'rejects',
      why: 'AWS evaluates Fn::FindInMap before creating anything and fails on an undeclared map; cfn-lint only checks literal map names in some places',
    },
    'broken/42-json-syntax.json': {
      lint: 'accepts',
      us: 'rejects',
      why: "cfn-lint's JSON reader tolerates a trailing comma; AWS's JSON parser (and JSON itself) does not",
    },
    'broken/44-cidr-two-arguments.yaml': {
      lint: 'accepts',
      us: 'rejects',
      why: 'Fn::Cidr takes ipBlock, count and cidrBits; with two arguments there are no subnet sizes to carve',
    },
  };

/** Values for the project templates' parameters that have no default (CreateStack needs one for each). */
const SAMPLE_PARAMETERS: Record<string, Record<string, string>> = {
  'templates/lamp/lamp.yaml': { DatabasePassword: 'sample-Password.1' },
};

interface LintMatch {
  Rule: { Id: string };
  Level: string;
  Filename: string;
  Message: string;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

async function runCfnLint(files: string[]): Promise<LintMatch[]> {
  const executable = process.env.CFN_LINT ?? 'cfn-lint';
  try {
    const { stdout } = await promisify(execFile)(
      executable,
      ['--format', 'json', '--regions', 'us-east-1', '--', ...files],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout || '[]') as LintMatch[];
  } catch (error) {
    // cfn-lint exits non-zero when it found something; its findings are still on stdout.
    const { stdout, code } = error as { stdout?: string; code?: number | string };
    if (typeof code === 'number' && stdout) return JSON.parse(stdout) as LintMatch[];
    throw new Error(`cfn-lint could not run (${executable}): ${(error as Error).message}`);
  }
}

const checker = new StackTemplateChecker(ResourceRegistry.default());
const identity = {
  accountId: '123456789012',
  region: 'us-east-1',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/corpus/1',
  stackName: 'corpus',
};

/** Whether CreateStack would refuse the template with every parameter at its default (or the values given). */
function weReject(path: string, parameters: Record<string, string> = {}): boolean {
  const supplied = Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
    ParameterKey,
    ParameterValue,
  }));
  try {
    checker.check(readFileSync(path, 'utf8'), supplied, { identity });
    return false;
  } catch (error) {
    if (error instanceof TemplateValidationError) return true;
    throw error;
  }
}

/**
 * Every shipped template (templates/<name>/*.yaml|json) passes cfn-lint outright: no error, warning or
 * informational finding from any rule. A template may switch a rule off only in its own
 * `Metadata.cfn-lint.config.ignore_checks`, and then its README must name that rule (the deliberate exceptions).
 * (cfn-lint 1.x has no `__main__`, so `python3 -m cfnlint` does not run it; its `cfn-lint` entry point is the same program.)
 */
describe('the shipped templates pass cfn-lint', () => {
  const shipped = readdirSync(join(ROOT, 'templates'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'roles')
    .flatMap((entry) => filesUnder(join(ROOT, 'templates', entry.name), /\.(ya?ml|json)$/));

  it('covers every template directory', () => {
    expect(shipped.map((path) => relative(ROOT, path)).sort()).toEqual(
      expect.arrayContaining([
        'templates/lamp/lamp.yaml',
        'templates/mesos/mesos.yaml',
        'templates/mpi/mpi.yaml',
        'templates/zookeeper/zookeeper.yaml',
      ]),
    );
  });

  it('finds nothing in any of them, at any level', async () => {
    const findings = (await runCfnLint(shipped.map((path) => relative(ROOT, path)))).map(
      (match) => `${match.Filename}: ${match.Level} ${match.Rule.Id} ${match.Message}`,
    );
    expect(findings).toEqual([]);
  }, 120_000);

  it.each(shipped.map((path) => [relative(ROOT, path), path]))(
    '%s lists its switched-off rules in its README',
    (_name, path) => {
      const ignored =
        /ignore_checks:\s*\[([^\]]*)\]/
          .exec(readFileSync(path, 'utf8'))?.[1]
          .split(',')
          .map((rule) => rule.trim())
          .filter(Boolean) ?? [];
      const readme = readFileSync(join(dirname(path), 'README.md'), 'utf8');
      expect(ignored.filter((rule) => !readme.includes(`\`${rule}\``))).toEqual([]);
    },
  );
});

describe('cfn-lint as a second opinion on our validator', () => {
  const valid = filesUnder(join(CORPUS, 'valid'), /\.(ya?ml|json)$/);
  const broken = filesUnder(join(CORPUS, 'broken'), /\.(ya?ml|json)$/);
  // Configuration roles under templates/roles are Ansible-style task files, not CloudFormation templates.
  const project = filesUnder(join(ROOT, 'templates'), /\.(ya?ml|json)$/).filter(
    (path) => !relative(join(ROOT, 'templates'), path).startsWith(`roles${sep}`),
  );
  const lintRejects = new Map<string, LintMatch[]>();

  beforeAll(async () => {
    const matches = await runCfnLint([...valid, ...broken, ...project].map((path) => relative(ROOT, path)));
    for (const match of matches) {
      // The project's own resource types are unknown to cfn-lint: that is not a language error.
      if (match.Rule.Id === 'E3006' && match.Message.includes('CloudStack::')) continue;
      if (match.Level !== 'Error' || !LANGUAGE_RULE.test(match.Rule.Id)) continue;
      const key = relative(CORPUS, join(ROOT, match.Filename));
      lintRejects.set(key, [...(lintRejects.get(key) ?? []), match]);
    }
  }, 120_000);

  it('has a corpus of at least 40 valid and 40 broken templates', () => {
    expect(valid.length).toBeGreaterThanOrEqual(40);
    expect(broken.length).toBeGreaterThanOrEqual(40);
  });

  it.each([...valid, ...broken].map((path) => [relative(CORPUS, path), path]))('%s', (name, path) => {
    const lint = lintRejects.has(name) ? 'rejects' : 'accepts';
    const us = weReject(path) ? 'rejects' : 'accepts';
    const expectedByLabel = name.startsWith('broken/') ? 'rejects' : 'accepts';
    const difference = DELIBERATE_DIFFERENCES[name];
    if (difference) {
      expect({ lint, us }).toEqual({ lint: difference.lint, us: difference.us });
    } else {
      expect({ lint, us, findings: lintRejects.get(name)?.map((m) => `${m.Rule.Id} ${m.Message}`) }).toEqual(
        expect.objectContaining({ lint: us, us: expectedByLabel }),
      );
    }
    expect(us).toBe(expectedByLabel);
  });

  it("agrees on the project's templates: both accept them", () => {
    expect(project.length).toBeGreaterThan(0);
    for (const path of project) {
      const name = relative(CORPUS, path);
      expect({
        template: relative(ROOT, path),
        lintFindings: (lintRejects.get(name) ?? []).map((m) => `${m.Rule.Id} ${m.Message}`),
      }).toEqual({ template: relative(ROOT, path), lintFindings: [] });
      const template = relative(ROOT, path);
      expect({ template, weReject: weReject(path, SAMPLE_PARAMETERS[template]) }).toEqual({
        template,
        weReject: false,
      });
    }
  });
});
