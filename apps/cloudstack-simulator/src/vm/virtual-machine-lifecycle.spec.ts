import { ApiError } from '../api/api-error';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { VirtualMachineHost } from './virtual-machine-host';
import { VirtualMachineLifecycle } from './virtual-machine-lifecycle';

describe('VirtualMachineLifecycle', () => {
  const catalogue = new SimulatorCatalogue();
  const spec = {
    zoneid: catalogue.zone.id,
    templateid: catalogue.templates[0].id,
    serviceofferingid: catalogue.serviceOfferings[0].id,
  };
  let state: SimulatorState;
  let host: jest.Mocked<VirtualMachineHost>;
  let lifecycle: VirtualMachineLifecycle;

  beforeEach(() => {
    state = new SimulatorState();
    const hook = () => jest.fn<Promise<void>, [VirtualMachineRecord]>(async () => undefined);
    host = { boot: hook(), halt: hook(), reboot: hook(), remove: hook() };
    lifecycle = new VirtualMachineLifecycle(state, catalogue, host);
  });

  it('creates VMs in Starting with sequential guest addresses and a generated name when none is given', () => {
    const a = lifecycle.create({ ...spec, name: 'a' });
    const b = lifecycle.create(spec);
    expect(a).toMatchObject({ state: 'Starting', displayname: 'a' });
    expect(a.nic[0].ipaddress).toBe('10.77.0.10');
    expect(b.nic[0].ipaddress).toBe('10.77.0.11');
    expect(b.name).toBe(`VM-${b.id}`);
  });

  it('refuses duplicate names among non-expunged VMs and invalid host names', async () => {
    const vm = lifecycle.create({ ...spec, name: 'web' });
    expect(() => lifecycle.create({ ...spec, name: 'WEB' })).toThrow(ApiError);
    expect(() => lifecycle.create({ ...spec, name: '1web' })).toThrow('Invalid name');
    expect(() => lifecycle.create({ ...spec, name: 'web_1' })).toThrow('Invalid name');
    await lifecycle.launch(vm);
    await lifecycle.destroy(vm, false);
    expect(() => lifecycle.create({ ...spec, name: 'web' })).toThrow('already exists');
    await lifecycle.expunge(vm);
    expect(lifecycle.create({ ...spec, name: 'web' }).name).toBe('web');
    // The name is taken again, by the new VM.
    expect(() => lifecycle.create({ ...spec, name: 'Web' })).toThrow('already exists');
  });

  it('calls the host on every transition and frees the address on expunge', async () => {
    const vm = lifecycle.create({ ...spec, name: 'x' });
    await lifecycle.launch(vm);
    await lifecycle.stop(vm);
    await lifecycle.start(vm);
    await lifecycle.reboot(vm);
    await lifecycle.destroy(vm, true);
    expect(host.boot).toHaveBeenCalledTimes(2);
    expect(host.halt).toHaveBeenCalledTimes(2);
    expect(host.reboot).toHaveBeenCalledTimes(1);
    expect(host.remove).toHaveBeenCalledTimes(1);
    expect(vm.removed).toBeInstanceOf(Date);
    expect(state.liveVirtualMachines()).toEqual([]);
  });

  it('leaves a VM whose first boot fails in Error, and restores the state when a stop fails', async () => {
    const vm = lifecycle.create({ ...spec, name: 'bad' });
    host.boot.mockRejectedValueOnce(new Error('no capacity'));
    await expect(lifecycle.launch(vm)).rejects.toMatchObject({ errorcode: 530 });
    expect(vm.state).toBe('Error');

    const ok = lifecycle.create({ ...spec, name: 'ok' });
    await lifecycle.launch(ok);
    host.halt.mockRejectedValueOnce(new Error('stuck'));
    await expect(lifecycle.stop(ok)).rejects.toMatchObject({ errorcode: 530 });
    expect(ok.state).toBe('Running');
  });

  it('refuses to expunge a VM that is not destroyed, and to recover one that is', async () => {
    const vm = lifecycle.create({ ...spec, name: 'r' });
    await lifecycle.launch(vm);
    await expect(lifecycle.expunge(vm)).rejects.toThrow('Please destroy vm');
    expect(() => lifecycle.recover(vm)).toThrow(ApiError);
    await lifecycle.destroy(vm, false);
    lifecycle.recover(vm);
    expect(vm.state).toBe('Stopped');
  });
});
