import { nestedStackArn, nestedStackName } from './nested-stack-identity';

describe('nested stack identity', () => {
  it('names the child <parent>-<LogicalId>-<12 upper-case letters and digits>', () => {
    expect(nestedStackName('web', 'Network')).toMatch(/^web-Network-[A-Z0-9]{12}$/);
    expect(nestedStackName('web', 'Network')).not.toBe(nestedStackName('web', 'Network'));
  });

  it('shortens long names to AWS 128 characters, keeping the suffix', () => {
    const name = nestedStackName('p'.repeat(120), 'L'.repeat(100), () => 0);
    expect(name).toHaveLength(128);
    expect(name).toMatch(/^p+-L+-AAAAAAAAAAAA$/);
    expect(name).toMatch(/^[a-zA-Z][-a-zA-Z0-9]*$/);
  });

  it('keeps the parent ARN partition, region and account', () => {
    expect(
      nestedStackArn(
        'arn:aws:cloudformation:zone-1:123456789012:stack/web/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
        'web-Net-ABC',
        'id-1',
      ),
    ).toBe('arn:aws:cloudformation:zone-1:123456789012:stack/web-Net-ABC/id-1');
  });
});
