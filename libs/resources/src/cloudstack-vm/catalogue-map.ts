import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

/** How this deployment names its images and sizes in AWS terms: AMI-style ids and instance types to CloudStack's. */
export interface CatalogueMap {
  images: Record<string, string>;
  instanceTypes: Record<string, string>;
}

/**
 * Reads the map from CFN_CATALOGUE_MAP (a JSON or YAML file with `images` and `instanceTypes`), then
 * CFN_IMAGE_MAP and CFN_INSTANCE_TYPE_MAP (each inline JSON or a file path), the latter winning per key.
 */
export function catalogueMapFromEnv(env: NodeJS.ProcessEnv = process.env): CatalogueMap {
  const file = env.CFN_CATALOGUE_MAP
    ? (readMap(env.CFN_CATALOGUE_MAP, 'CFN_CATALOGUE_MAP') as Partial<CatalogueMap>)
    : {};
  return {
    images: { ...strings(file.images), ...strings(env.CFN_IMAGE_MAP && readMap(env.CFN_IMAGE_MAP, 'CFN_IMAGE_MAP')) },
    instanceTypes: {
      ...strings(file.instanceTypes),
      ...strings(env.CFN_INSTANCE_TYPE_MAP && readMap(env.CFN_INSTANCE_TYPE_MAP, 'CFN_INSTANCE_TYPE_MAP')),
    },
  };
}

function readMap(value: string, variable: string): Record<string, unknown> {
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  const parsed = parse(text) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${variable} must be a mapping`);
  return parsed as Record<string, unknown>;
}

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, target]) => [key, String(target)]),
  );
}

let cached: { key: string; map: CatalogueMap } | undefined;

/** The process's map, read again only when the variables change. */
export function currentCatalogueMap(env: NodeJS.ProcessEnv = process.env): CatalogueMap {
  const key = [env.CFN_CATALOGUE_MAP, env.CFN_IMAGE_MAP, env.CFN_INSTANCE_TYPE_MAP].join('\n');
  if (cached?.key !== key) cached = { key, map: catalogueMapFromEnv(env) };
  return cached.map;
}

/** An AMI-style image id, which the image map's `"*"` entry stands in for. */
const AMI_ID = /^ami-[0-9a-z]+$/i;

/** Which CloudStack template the image map gives an image id, and through which of its keys. */
export interface MappedImage {
  template: string;
  key: string;
}

/**
 * The image map's entry for `imageId`: its own key first, then the longest prefix pattern that matches
 * (`"ami-0abc*"` before `"ami-*"`), then `"*"` for any AMI-style id (`ami-…`) the map does not name.
 */
export function mappedImage(images: Record<string, string>, imageId: string): MappedImage | undefined {
  if (Object.prototype.hasOwnProperty.call(images, imageId)) return { template: images[imageId], key: imageId };
  const pattern = Object.keys(images)
    .filter((key) => key.length > 1 && key.endsWith('*') && imageId.startsWith(key.slice(0, -1)))
    .sort((a, b) => b.length - a.length)[0];
  if (pattern) return { template: images[pattern], key: pattern };
  if (AMI_ID.test(imageId) && Object.prototype.hasOwnProperty.call(images, '*'))
    return { template: images['*'], key: '*' };
  return undefined;
}
