import { AUTO_SCALING_GROUP_TYPE } from '../auto-scaling/auto-scaling-group.plugin';
import { EC2_INSTANCE_TYPE } from '../ec2-instance/ec2-instance.plugin';

/** Types whose CreationPolicy makes them wait for signals after they are made (besides wait conditions, as on AWS). */
export const SIGNALLED_TYPES: ReadonlySet<string> = new Set([EC2_INSTANCE_TYPE, AUTO_SCALING_GROUP_TYPE]);

interface ResourceDefinition {
  Type: string;
  CreationPolicy?: unknown;
}

/** Whether a template's resource waits for signals (SignalResource for any other resource is refused). */
export function hasResourceSignalPolicy(
  resources: Record<string, ResourceDefinition> | undefined,
  logicalId: string,
): boolean {
  const definition = resources?.[logicalId];
  return (
    !!definition &&
    SIGNALLED_TYPES.has(definition.Type) &&
    typeof (definition.CreationPolicy as { ResourceSignal?: unknown } | undefined)?.ResourceSignal === 'object'
  );
}
