import { Stack } from '@cfn/persistence';
import { hasResourceSignalPolicy } from '@cfn/resources';
import { evaluate, TemplateDocument } from '@cfn/template';

import { stackEvaluationContext } from '../stack-engine/stack-evaluation';

/** AWS's default ResourceSignal Timeout (PT5M) and its maximum (12 hours). */
const DEFAULT_TIMEOUT_SECONDS = 300;
const MAX_TIMEOUT_SECONDS = 43_200;

export interface ResourceSignalPolicy {
  count: number;
  timeoutSeconds: number;
}

/**
 * CreationPolicy.ResourceSignal of an instance or group, with Count and Timeout evaluated (templates often write
 * `Count: !Ref DesiredCapacity`); null when the resource completes without signals.
 */
export function resourceSignalPolicy(stack: Stack, logicalId: string): ResourceSignalPolicy | null {
  const template = stack.template as TemplateDocument;
  if (!hasResourceSignalPolicy(template.Resources, logicalId)) return null;
  const raw = (template.Resources[logicalId].CreationPolicy as { ResourceSignal: Record<string, unknown> })
    .ResourceSignal;
  const signal = (evaluate(raw, stackEvaluationContext(stack, [])) ?? {}) as { Count?: unknown; Timeout?: unknown };
  const count = signal.Count === undefined ? 1 : Number(signal.Count);
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`CreationPolicy ResourceSignal Count must be a whole number, got '${String(signal.Count)}'`);
  return {
    count,
    timeoutSeconds: signal.Timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : iso8601Seconds(String(signal.Timeout)),
  };
}

/** An ISO 8601 duration as CreationPolicy takes it (PT#H#M#S), at most 12 hours. */
export function iso8601Seconds(duration: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(duration);
  if (!match || (!match[1] && !match[2] && !match[3])) {
    throw new Error(
      `CreationPolicy ResourceSignal Timeout must be an ISO 8601 duration such as PT15M, got '${duration}'`,
    );
  }
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return Math.min(seconds, MAX_TIMEOUT_SECONDS);
}
