import { TagRecord } from './records';
import { SimulatorState } from './simulator-state';

const tag = (resourceid: string, key: string): TagRecord =>
  ({ key, value: 'v', resourceid, resourcetype: 'UserVm', accountid: 'a', customer: 'c' }) as TagRecord;

describe('SimulatorState.tagsOf', () => {
  it('follows tags appended, dropped by a filtered copy, and appended again', () => {
    const state = new SimulatorState();
    state.tags.push(tag('vm-1', 'a'), tag('vm-2', 'a'));
    expect(state.tagsOf('vm-1').map((t) => t.key)).toEqual(['a']);
    state.tags.push(tag('vm-1', 'b'));
    expect(state.tagsOf('vm-1').map((t) => t.key)).toEqual(['a', 'b']);
    state.tags = state.tags.filter((t) => t.resourceid !== 'vm-1');
    expect(state.tagsOf('vm-1')).toEqual([]);
    expect(state.tagsOf('vm-2').map((t) => t.key)).toEqual(['a']);
    state.tags.push(tag('vm-1', 'c'));
    expect(state.tagsOf('vm-1').map((t) => t.key)).toEqual(['c']);
  });

  it('hands out copies: changing an answer does not change the state', () => {
    const state = new SimulatorState();
    state.tags.push(tag('vm-1', 'a'));
    state.tagsOf('vm-1').pop();
    expect(state.tagsOf('vm-1')).toHaveLength(1);
  });
});
