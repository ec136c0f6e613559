import { PlaybookError } from './task-definition';
import { parseTask } from './task-parser';

const modules = new Set(['copy', 'shell', 'service', 'command']);
const origin = { label: 'tasks' };

describe('parseTask', () => {
  it('reads the module, its arguments and the keywords Ansible users write', () => {
    const task = parseTask(
      {
        name: 'Configure',
        'ansible.builtin.copy': { dest: '/x', content: 'y' },
        when: 'a',
        loop: [1, 2],
        loop_control: { loop_var: 'n' },
        notify: 'restart',
        register: 'out',
        ignore_errors: true,
        no_log: true,
        timeout: 30,
        become: true,
      },
      origin,
      modules,
      'tasks[0]',
    );
    expect(task).toMatchObject({
      name: 'Configure',
      module: 'copy',
      args: { dest: '/x', content: 'y' },
      when: 'a',
      loop: [1, 2],
      loopVar: 'n',
      notify: ['restart'],
      register: 'out',
      ignoreErrors: true,
      noLog: true,
      timeoutSeconds: 30,
      literal: false,
    });
  });

  it('keeps free-form arguments and merges args:', () => {
    expect(parseTask({ shell: 'echo hi', args: { creates: '/x' } }, origin, modules, 't').args).toEqual({
      _raw_params: 'echo hi',
      creates: '/x',
    });
    expect(parseTask({ shell: 'echo hi' }, origin, modules, 't')).toMatchObject({
      name: 'shell: echo hi',
      args: 'echo hi',
    });
    expect(parseTask({ with_items: ['a'], command: 'x' }, origin, modules, 't').loop).toEqual(['a']);
  });

  it('names what is wrong with a task', () => {
    expect(() => parseTask({ name: 'x' }, origin, modules, 'tasks[3]')).toThrow(/tasks\[3\]: task "x" names no module/);
    expect(() => parseTask({ copy: {}, shell: 'x' }, origin, modules, 't')).toThrow(/several modules/);
    expect(() => parseTask({ docker_container: {} }, origin, modules, 't')).toThrow(/unknown module/);
    expect(() => parseTask({ shell: 'x', register: 'bad name' }, origin, modules, 't')).toThrow(PlaybookError);
    expect(() => parseTask({ shell: 'x', become_user: 'postgres' }, origin, modules, 't')).toThrow(/become_user/);
  });
});
