import { StackLifecycleOptions } from '@cfn/contracts';

import { QueryParams, readBoolean, readInteger, readString, validationError } from '../protocol';

const ON_FAILURE = ['DO_NOTHING', 'ROLLBACK', 'DELETE'] as const;
type OnFailure = (typeof ON_FAILURE)[number];

export interface CreateStackOptions {
  onFailure: OnFailure;
  /** What DescribeStacks shows: true for DisableRollback=true and for OnFailure=DO_NOTHING. */
  disableRollback: boolean;
  timeoutInMinutes?: number;
}

/**
 * OnFailure, DisableRollback and TimeoutInMinutes of CreateStack, checked as AWS checks them: OnFailure and
 * DisableRollback exclude each other (even DisableRollback=false), OnFailure is one of three values, and a
 * timeout is at least one minute.
 */
export function readCreateStackOptions(params: QueryParams): CreateStackOptions {
  const onFailure = readString(params, 'OnFailure');
  const disableRollback = readBoolean(params, 'DisableRollback');
  if (onFailure !== undefined && disableRollback !== undefined) {
    throw validationError('Either DisableRollback or OnFailure can be specified, not both.');
  }
  if (onFailure !== undefined && !(ON_FAILURE as readonly string[]).includes(onFailure)) {
    throw validationError(
      `1 validation error detected: Value '${onFailure}' at 'onFailure' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${ON_FAILURE.join(', ')}]`,
    );
  }
  const timeoutInMinutes = readInteger(params, 'TimeoutInMinutes');
  if (timeoutInMinutes !== undefined && timeoutInMinutes < 1) {
    throw validationError(
      `1 validation error detected: Value '${timeoutInMinutes}' at 'timeoutInMinutes' failed to satisfy constraint: ` +
        'Member must have value greater than or equal to 1',
    );
  }
  const effective: OnFailure = (onFailure as OnFailure | undefined) ?? (disableRollback ? 'DO_NOTHING' : 'ROLLBACK');
  return { onFailure: effective, disableRollback: effective === 'DO_NOTHING', timeoutInMinutes };
}

/** The options as stack.create.requested carries them on to the validator and the planner. */
export function lifecycleMessageFields(options: CreateStackOptions, token: string | null): StackLifecycleOptions {
  return {
    onFailure: options.onFailure,
    ...(options.timeoutInMinutes ? { timeoutInMinutes: options.timeoutInMinutes } : {}),
    ...(token ? { clientRequestToken: token } : {}),
  };
}
