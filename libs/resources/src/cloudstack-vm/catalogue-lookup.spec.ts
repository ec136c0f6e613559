import type { CloudStackClient } from '@cfn/cloudstack';

import { ResourcePropertyError } from '../resource-type-plugin';
import { CatalogueLookup } from './catalogue-lookup';

const OFFERINGS = [
  { id: 'o-1', name: 'Small Instance', cpunumber: 1, memory: 512 },
  { id: 'o-2', name: 'Medium Instance', cpunumber: 1, memory: 1024 },
  { id: 'o-3', name: 'Large Instance', cpunumber: 2, memory: 4096 },
  { id: 'o-4', name: 'm5.large', cpunumber: 2, memory: 8192 },
];
const TEMPLATES = [
  { id: 't-1', name: 'debian-12' },
  { id: 't-2', name: 'ubuntu-22.04' },
];

/** A cloud with the lists above, filtering by name or id as CloudStack does; each test gets its own (its own cache). */
function fakeCloud(calls: Array<[string, Record<string, unknown>]>): CloudStackClient {
  return {
    listAll: async (command: string, params: Record<string, unknown>) => {
      calls.push([command, params]);
      const items: Array<Record<string, unknown>> =
        command === 'listServiceOfferings' ? OFFERINGS : command === 'listTemplates' ? TEMPLATES : [];
      return items.filter(
        (item) => (!params.name || item.name === params.name) && (!params.id || item.id === params.id),
      );
    },
  } as unknown as CloudStackClient;
}

describe('CatalogueLookup', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  describe('service offerings for AWS instance types', () => {
    it('chooses the smallest offering of the zone that fits, with no configuration, and says so', async () => {
      delete process.env.CFN_INSTANCE_TYPE_MAP;
      delete process.env.CFN_CATALOGUE_MAP;
      const calls: Array<[string, Record<string, unknown>]> = [];
      const lookup = new CatalogueLookup(fakeCloud(calls));
      const micro = await lookup.serviceOfferingChoice('t2.micro', 'zone-1');
      expect(micro.item.id).toBe('o-2');
      expect(micro.note).toBe(
        "Instance type t2.micro (1 vCPU, 1024 MiB): service offering 'Medium Instance' (1 CPU, 1024 MiB), the smallest that fits",
      );
      expect((await lookup.serviceOfferingChoice('t3.micro', 'zone-1')).item.id).toBe('o-3');
      expect(calls[0]).toEqual(['listServiceOfferings', { zoneid: 'zone-1' }]);
    });

    it('prefers an offering named as the instance type', async () => {
      const choice = await new CatalogueLookup(fakeCloud([])).serviceOfferingChoice('m5.large', 'zone-1');
      expect(choice).toEqual({ item: OFFERINGS[3] });
    });

    it('refuses an instance type no offering fits, naming the setting that maps it', async () => {
      await expect(new CatalogueLookup(fakeCloud([])).serviceOfferingChoice('r5.large', 'zone-1')).rejects.toThrow(
        new ResourcePropertyError(
          "Instance type 'r5.large' (2 vCPUs, 16384 MiB) fits no service offering of the zone: none has that many " +
            'CPUs and that much memory (map it to an offering with CFN_INSTANCE_TYPE_MAP)',
        ),
      );
    });

    it('lets CFN_INSTANCE_TYPE_MAP override the table per type', async () => {
      process.env.CFN_INSTANCE_TYPE_MAP = '{"t2.micro": "Small Instance"}';
      const choice = await new CatalogueLookup(fakeCloud([])).serviceOfferingChoice('t2.micro', 'zone-1');
      expect(choice.item.id).toBe('o-1');
      expect(choice.note).toBe("Instance type t2.micro: service offering 'Small Instance' (CFN_INSTANCE_TYPE_MAP)");
    });

    it('looks other names up as before, with nothing to say', async () => {
      expect(await new CatalogueLookup(fakeCloud([])).serviceOfferingChoice('Large Instance')).toEqual({
        item: OFFERINGS[2],
      });
      await expect(new CatalogueLookup(fakeCloud([])).serviceOffering('x9.huge')).rejects.toThrow(
        "Instance type 'x9.huge' does not exist in the cloud",
      );
    });
  });

  describe('templates for AMI ids', () => {
    it('uses "*" and patterns of CFN_IMAGE_MAP and says which template was chosen and through which key', async () => {
      process.env.CFN_IMAGE_MAP = '{"*": "debian-12", "ami-0ff*": "ubuntu-22.04"}';
      const lookup = new CatalogueLookup(fakeCloud([]));
      expect(await lookup.templateChoice('ami-0123', 'zone-1')).toEqual({
        item: TEMPLATES[0],
        note: 'Image ami-0123: template \'debian-12\' (CFN_IMAGE_MAP "*")',
      });
      expect((await lookup.templateChoice('ami-0ff1', 'zone-1')).note).toBe(
        'Image ami-0ff1: template \'ubuntu-22.04\' (CFN_IMAGE_MAP "ami-0ff*")',
      );
      expect(await lookup.templateChoice('ubuntu-22.04', 'zone-1')).toEqual({ item: TEMPLATES[1], note: undefined });
    });

    it('names the image and its mapping when the mapped template does not exist', async () => {
      process.env.CFN_IMAGE_MAP = '{"*": "windows-2022"}';
      await expect(new CatalogueLookup(fakeCloud([])).template('ami-0123')).rejects.toThrow(
        "Image 'ami-0123' maps to 'windows-2022' which does not exist in the cloud",
      );
    });
  });
});
