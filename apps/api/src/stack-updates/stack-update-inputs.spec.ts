import { StackRequest } from '@cfn/persistence';
import { ResourceRegistry, StackTemplateChecker, TemplateFetcher } from '@cfn/resources';

import { AwsError } from '../protocol/aws-error';
import { StackView } from '../stacks/stack-view';
import { TemplateInputReader } from '../templates/template-input';
import { resolveUpdateInputs } from './stack-update-inputs';

const caller = { accountId: '123456789012', region: 'zone-1' } as Parameters<typeof resolveUpdateInputs>[3];
const small = JSON.stringify({
  Resources: {
    Vm: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance' },
    },
  },
});
// Over the 51,200 bytes allowed inline; a stack may hold it because it came by TemplateURL.
const big = JSON.stringify({ ...JSON.parse(small), Metadata: { Padding: 'x'.repeat(60_000) } });

function view(templateBody: string): StackView {
  const request = {
    stackId: '3f2b8e8e-0000-4000-8000-000000000001',
    stackArn: 'arn:aws:cloudformation:zone-1:123456789012:stack/s/3f2b8e8e-0000-4000-8000-000000000001',
    stackName: 's',
    region: 'zone-1',
    templateBody,
    parameters: [],
    tags: [],
  } as unknown as StackRequest;
  return { request, state: null };
}

describe('resolveUpdateInputs: the template of an update', () => {
  const fetched: string[] = [];
  const fetcher = {
    fetch: async (url: string) => {
      fetched.push(url);
      return url.endsWith('big.json') ? big : small;
    },
  } as unknown as TemplateFetcher;
  const templates = new TemplateInputReader(
    new StackTemplateChecker(ResourceRegistry.default(), { maxBodyBytes: 51_200 }),
    fetcher,
  );
  const messageOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: AwsError) => `${error.code}: ${error.message}`,
    );

  it('refuses what AWS refuses, with its words', async () => {
    await expect(
      messageOf(
        resolveUpdateInputs(templates, view(small), { TemplateBody: small, TemplateURL: 'https://t/x.json' }, caller),
      ),
    ).resolves.toBe('ValidationError: You cannot specify both Template URL and Template Body.');
    await expect(
      messageOf(
        resolveUpdateInputs(
          templates,
          view(small),
          { UsePreviousTemplate: 'true', TemplateURL: 'https://t/x.json' },
          caller,
        ),
      ),
    ).resolves.toBe('ValidationError: You cannot specify both usePreviousTemplate and Template Body/Template URL.');
    await expect(messageOf(resolveUpdateInputs(templates, view(small), {}, caller))).resolves.toBe(
      'ValidationError: Either Template URL or Template Body must be specified.',
    );
    await expect(
      messageOf(resolveUpdateInputs(templates, view(small), { TemplateBody: big }, caller)),
    ).resolves.toMatch(
      /^ValidationError: 1 validation error detected: .* Member must have length less than or equal to 51200$/s,
    );
  });

  it('fetches a TemplateURL, and checks a large one (or a stored one) with the limits of a URL', async () => {
    const byUrl = await resolveUpdateInputs(templates, view(small), { TemplateURL: 'https://t/big.json' }, caller);
    expect(byUrl.templateBody).toBe(big);
    expect(fetched).toEqual(['https://t/big.json']);
    const previous = await resolveUpdateInputs(templates, view(big), { UsePreviousTemplate: 'true' }, caller);
    expect(previous.templateBody).toBe(big);
  });
});
