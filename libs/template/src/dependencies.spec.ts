import { DependencyGraph, resourceDependencies } from './dependencies';
import { TemplateValidationError } from './errors';
import type { TemplateDocument } from './template-types';

const T = 'CloudStack::VirtualMachine';

describe('resourceDependencies', () => {
  const template: TemplateDocument = {
    Parameters: { Env: { Type: 'String' } },
    Resources: {
      Net: { Type: T },
      Sg: { Type: T },
      Disk: { Type: T },
      Log: { Type: T },
      Vm: {
        Type: T,
        DependsOn: 'Log',
        Metadata: { init: { 'Fn::Sub': '${Disk.Id}' } },
        Properties: {
          Network: { Ref: 'Net' },
          Groups: [{ 'Fn::GetAtt': 'Sg.Id' }],
          Name: { 'Fn::Sub': ['${Env}-${AWS::Region}-${!Net}-${X}', { X: { Ref: 'Net' } }] },
          Ignored: { Ref: 'Env' },
        },
      },
    },
  };

  it('lists resources named by Ref, GetAtt, Sub and DependsOn, without parameters, pseudo parameters or escapes', () => {
    expect(resourceDependencies(template, 'Vm').sort()).toEqual(['Disk', 'Log', 'Net', 'Sg']);
  });

  it('accepts DependsOn as a list and gives nothing for an unknown id', () => {
    const listed: TemplateDocument = {
      Resources: { A: { Type: T }, B: { Type: T }, C: { Type: T, DependsOn: ['A', 'B'] } },
    };
    expect(resourceDependencies(listed, 'C')).toEqual(['A', 'B']);
    expect(resourceDependencies(listed, 'Z')).toEqual([]);
  });
});

describe('DependencyGraph', () => {
  //   Net <- Sg <- Vm -> Disk ; Lone
  const template: TemplateDocument = {
    Resources: {
      Vm: { Type: T, Properties: { S: { Ref: 'Sg' }, D: { Ref: 'Disk' } } },
      Sg: { Type: T, Properties: { N: { 'Fn::GetAtt': ['Net', 'Id'] } } },
      Net: { Type: T },
      Disk: { Type: T },
      Lone: { Type: T },
    },
  };
  const graph = new DependencyGraph(template);

  it('knows dependencies and dependents', () => {
    expect(graph.dependenciesOf('Vm')).toEqual(['Sg', 'Disk']);
    expect(graph.dependentsOf('Net')).toEqual(['Sg']);
    expect(graph.dependentsOf('Vm')).toEqual([]);
  });

  it('orders dependencies first, keeping template order among equals', () => {
    expect(graph.topologicalOrder()).toEqual(['Net', 'Disk', 'Lone', 'Sg', 'Vm']);
  });

  it('finds resources ready to create', () => {
    expect(graph.readyToCreate(new Set(), new Set())).toEqual(['Net', 'Disk', 'Lone']);
    expect(graph.readyToCreate(new Set(['Net', 'Disk']), new Set(['Lone']))).toEqual(['Sg']);
    expect(graph.readyToCreate(new Set(['Net', 'Disk', 'Lone', 'Sg']), new Set())).toEqual(['Vm']);
  });

  it('deletes dependents first, treating absent resources as gone', () => {
    const present = new Set(['Vm', 'Sg', 'Net', 'Disk', 'Lone']);
    expect(graph.readyToDelete(new Set(), new Set(), present)).toEqual(['Vm', 'Lone']);
    expect(graph.readyToDelete(new Set(['Vm']), new Set(['Lone']), present)).toEqual(['Sg', 'Disk']);
    expect(graph.readyToDelete(new Set(), new Set(), new Set(['Sg', 'Net']))).toEqual(['Sg']);
  });

  it('leaves out resources excluded by the include option', () => {
    const partial = new DependencyGraph(template, { include: (id) => id !== 'Disk' });
    expect(partial.resources()).not.toContain('Disk');
    expect(partial.dependenciesOf('Vm')).toEqual(['Sg']);
  });

  it('finds and names a cycle, and refuses to order it', () => {
    const cyclic = new DependencyGraph({
      Resources: {
        Free: { Type: T },
        A: { Type: T, Properties: { x: { Ref: 'B' } } },
        B: { Type: T, Properties: { x: { 'Fn::Sub': '${C.Ip}' } } },
        C: { Type: T, DependsOn: 'A' },
      },
    });
    expect(cyclic.findCycle()).toEqual(['A', 'B', 'C']);
    expect(() => cyclic.topologicalOrder()).toThrow(
      new TemplateValidationError('Circular dependency between resources: [A, B, C]'),
    );
    expect(graph.findCycle()).toBeNull();
  });

  it('reports a resource that depends on itself', () => {
    const self = new DependencyGraph({ Resources: { A: { Type: T, DependsOn: 'A' } } });
    expect(self.findCycle()).toEqual(['A']);
  });
});
