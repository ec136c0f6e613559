import { cfnInitInvocations, userDataConfigSets, userDataScript } from './cfn-init-command-line';

describe('cfnInitInvocations', () => {
  it('reads -c/--configsets and -r/--resource as the shell splits words', () => {
    const script = [
      '#!/bin/bash -xe',
      'yum update -y aws-cfn-bootstrap',
      '/opt/aws/bin/cfn-init -v --stack st --resource WebServer \\',
      '  --configsets "InstallAndRun, Extra" --region us-east-1 || error_exit "cfn-init failed"',
      '/opt/aws/bin/cfn-signal -e $? --stack st --resource WebServer',
      'sudo cfn-init -vcone,two -rWebServer --region=x',
      'if cfn-init --configsets=three --resource=Other; then echo "cfn-init -c not-a-call"; fi # cfn-init -c comment',
      'cfn-init -s st',
    ].join('\n');
    expect(cfnInitInvocations(script)).toEqual([
      { resource: 'WebServer', configSets: ['InstallAndRun', 'Extra'] },
      { resource: 'WebServer', configSets: ['one', 'two'] },
      { resource: 'Other', configSets: ['three'] },
      { resource: null, configSets: ['default'] },
    ]);
  });

  it('knows a shell expansion is unknown', () => {
    expect(cfnInitInvocations('for s in a b; do /opt/aws/bin/cfn-init -c $s -r "$RES"; done')).toEqual([
      { resource: undefined, configSets: undefined },
    ]);
  });
});

describe('userDataConfigSets', () => {
  it('takes the sets of the calls naming this resource (or none), in order', () => {
    const script = 'cfn-init -c a -r Web\ncfn-init -c b -r Db\ncfn-init -c "c,d"\ncfn-init -c $X -r Web';
    expect(userDataConfigSets(script, 'Web')).toEqual(['a', 'c', 'd']);
    expect(userDataConfigSets('cfn-init -r Web', 'Web')).toEqual(['default']);
  });

  it('is undefined when UserData does not call cfn-init for the resource', () => {
    expect(userDataConfigSets('echo hello', 'Web')).toBeUndefined();
    expect(userDataConfigSets('cfn-init -c a -r Db', 'Web')).toBeUndefined();
  });
});

describe('userDataScript', () => {
  it('decodes base64 (Fn::Base64) and takes other text as it is', () => {
    expect(userDataScript(Buffer.from('#!/bin/sh\ncfn-init -c x\n').toString('base64'))).toBe(
      '#!/bin/sh\ncfn-init -c x\n',
    );
    expect(userDataScript('#!/bin/sh\necho hi')).toBe('#!/bin/sh\necho hi');
    expect(userDataScript(undefined)).toBeUndefined();
  });
});
