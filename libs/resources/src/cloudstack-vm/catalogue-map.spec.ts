import { catalogueMapFromEnv, mappedImage } from './catalogue-map';

describe('mappedImage', () => {
  const images = {
    'ami-0abc': 'Ubuntu 22.04 LTS',
    'ami-0ab*': 'debian-11',
    'ami-*': 'debian-12',
    '*': 'default-template',
  };

  it("uses the id's own key first", () => {
    expect(mappedImage(images, 'ami-0abc')).toEqual({ template: 'Ubuntu 22.04 LTS', key: 'ami-0abc' });
  });

  it('then the longest prefix pattern that matches', () => {
    expect(mappedImage(images, 'ami-0abd')).toEqual({ template: 'debian-11', key: 'ami-0ab*' });
    expect(mappedImage(images, 'ami-123')).toEqual({ template: 'debian-12', key: 'ami-*' });
  });

  it('then "*" for any AMI id the map does not name', () => {
    expect(mappedImage({ '*': 'debian-12' }, 'ami-0123456789abcdef0')).toEqual({ template: 'debian-12', key: '*' });
  });

  it('leaves names that are not AMI ids to the cloud (a CloudStack template name or id)', () => {
    expect(mappedImage({ '*': 'debian-12' }, 'Ubuntu 22.04 LTS')).toBeUndefined();
    expect(mappedImage({ '*': 'debian-12' }, '5f1b2c3d-0000-4000-8000-000000000000')).toBeUndefined();
    expect(mappedImage({}, 'ami-123')).toBeUndefined();
  });

  it('reads "*" and patterns from CFN_IMAGE_MAP as any other key', () => {
    const map = catalogueMapFromEnv({ CFN_IMAGE_MAP: '{"*": "debian-12", "ami-0ff*": "ubuntu-22.04"}' });
    expect(mappedImage(map.images, 'ami-0ff00')?.template).toBe('ubuntu-22.04');
    expect(mappedImage(map.images, 'ami-0aa00')?.template).toBe('debian-12');
  });
});
