import { ResourcePropertyError } from '../resource-type-plugin';

export interface GroupCapacity {
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
}

/**
 * MinSize, MaxSize and DesiredCapacity of an AutoScalingGroup (AWS types them as strings holding whole numbers),
 * checked as the Auto Scaling API checks them, with its words. DesiredCapacity defaults to MinSize.
 */
export function groupCapacity(properties: Record<string, unknown>): GroupCapacity {
  const minSize = wholeNumber(properties, 'MinSize');
  const maxSize = wholeNumber(properties, 'MaxSize');
  const desiredCapacity =
    properties.DesiredCapacity === undefined ? minSize : wholeNumber(properties, 'DesiredCapacity');
  if (maxSize < minSize) {
    throw new ResourcePropertyError(`Max bound, ${maxSize}, must be greater than or equal to min bound, ${minSize}`);
  }
  if (desiredCapacity < minSize || desiredCapacity > maxSize) {
    throw new ResourcePropertyError(
      `Desired capacity:${desiredCapacity} must be between the specified min size:${minSize} and max size:${maxSize}`,
    );
  }
  return { minSize, maxSize, desiredCapacity };
}

function wholeNumber(properties: Record<string, unknown>, name: string): number {
  const raw = properties[name];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 0) {
    throw new ResourcePropertyError(`${name} must be a whole number of instances, got '${String(raw)}'`);
  }
  return value;
}
