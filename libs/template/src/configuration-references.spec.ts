import { configurationReferences } from './configuration-references';
import { DependencyGraph } from './dependencies';
import type { TemplateDocument } from './template-types';

const VM = 'AWS::EC2::Instance';

describe('configurationReferences', () => {
  const template: TemplateDocument = {
    Resources: {
      Db: { Type: VM },
      Cache: { Type: VM },
      Queue: { Type: VM },
      Web: {
        Type: VM,
        Metadata: {
          'CloudStack::Configure': {
            vars: { cache: "{{ resources['Cache'].attributes.PrivateIp }}" },
            tasks: [
              { name: 'db', copy: { dest: '/etc/db', content: '{{ resources.Db.attributes.PrivateIp }}' } },
              { name: 'self', shell: 'echo {{ resources.Web.physicalId }} {{ resources.Nowhere.physicalId }}' },
              { name: 'loop', shell: '{% for name in ["Queue"] %}{{ resources[name].physicalId }}{% endfor %}' },
            ],
          },
          // Only CloudStack::Configure is rendered with the `resources` fact.
          Other: 'resources.Queue',
        },
      },
      Zk1: {
        Type: VM,
        Metadata: {
          'CloudStack::Configure': {
            group: 'zk',
            tasks: [{ shell: 'echo {{ resources.Zk2.physicalId }} {{ resources.Db.physicalId }}' }],
          },
        },
      },
      Zk2: {
        Type: VM,
        Metadata: {
          'CloudStack::Configure': { group: 'zk', tasks: [{ shell: 'echo {{ resources.Zk1.physicalId }}' }] },
        },
      },
    },
  };

  it('finds resources named by dot or quoted subscript, not itself, unknown names or names built at render time', () => {
    expect(configurationReferences(template.Resources, 'Web').sort()).toEqual(['Cache', 'Db']);
  });

  it('leaves out members of the same configuration group, which wait for each other anyway', () => {
    expect(configurationReferences(template.Resources, 'Zk1')).toEqual(['Db']);
    expect(configurationReferences(template.Resources, 'Zk2')).toEqual([]);
  });

  it('gives nothing for a resource without configuration', () => {
    expect(configurationReferences(template.Resources, 'Db')).toEqual([]);
  });

  it('orders the configured resource after what it reads, and a mutual reading is a cycle', () => {
    expect(new DependencyGraph(template).dependenciesOf('Web').sort()).toEqual(['Cache', 'Db']);
    const mutual: TemplateDocument = {
      Resources: {
        A: {
          Type: VM,
          Metadata: { 'CloudStack::Configure': { tasks: [{ shell: 'echo {{ resources.B.physicalId }}' }] } },
        },
        B: {
          Type: VM,
          Metadata: { 'CloudStack::Configure': { tasks: [{ shell: 'echo {{ resources.A.physicalId }}' }] } },
        },
      },
    };
    expect(new DependencyGraph(mutual).findCycle()).toEqual(['A', 'B']);
  });
});
