import { renderBootScript, renderGuestInit } from './guest-boot-scripts';
import { GuestLayout } from './guest-layout';

describe('GuestLayout and the guest boot scripts', () => {
  const layout = new GuestLayout('cfnsim0', '/var/lib/cfn-simulator');
  const vmId = '0b3d3c9e-6f1a-4c53-9a43-5b8f1d2e7c11';

  it('names host objects after the bridge, with interface names that fit in 15 characters', () => {
    expect(layout.namespaceOf(vmId)).toBe(`cfnsim0-${vmId}`);
    expect(layout.hostVethOf(vmId)).toMatch(/^cv[0-9a-f]{13}$/);
    expect(layout.hostVethOf(vmId)).not.toBe(new GuestLayout('cfnsim1', '/var/lib/cfn-simulator').hostVethOf(vmId));
    expect(layout.files(vmId).upper).toBe(`/var/lib/cfn-simulator/cfnsim0/${vmId}/upper`);
  });

  it('boots an overlay over / whose writes go to the VM directory, hiding the other disks, then tini', () => {
    const script = renderBootScript(layout, { vmId, hostname: 'web-1', metadataUrl: 'http://10.77.0.1' });
    expect(script).toContain(`hostname 'web-1'`);
    expect(script).toContain(
      `'lowerdir=/,upperdir=/var/lib/cfn-simulator/cfnsim0/${vmId}/upper,workdir=/var/lib/cfn-simulator/cfnsim0/${vmId}/work'`,
    );
    expect(script).toMatch(
      /mount -t tmpfs .* '\/var\/lib\/cfn-simulator\/cfnsim0\/[^']+\/root''\/var\/lib\/cfn-simulator'/,
    );
    expect(script.trim().split('\n').pop()).toMatch(
      /^exec chroot .* \/usr\/bin\/tini -- \/bin\/sh \/run\/cfn-simulator\/init$/,
    );
  });

  it('gives the guest init the metadata URL, quoted against the shell', () => {
    const init = renderGuestInit({ vmId, hostname: 'web-1', metadataUrl: "http://10.77.0.1/x'y" });
    expect(init).toContain(`METADATA='http://10.77.0.1/x'\\''y'`);
    expect(init).toContain('fetch meta-data/public-keys > /root/.ssh/authorized_keys.new');
    expect(init).toContain('"$INSTANCE/sem/user-scripts"');
  });
});
