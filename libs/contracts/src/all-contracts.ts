import { MessageContract } from './message-contract';
import { NestedStackCreateRequested } from './nested-stacks';
import {
  ResourceConfigureFailed,
  ResourceConfigureProgress,
  ResourceConfigureRequested,
  ResourceConfigureSucceeded,
} from './resource-configuration';
import {
  ResourceCreateFailed,
  ResourceCreateRequested,
  ResourceCreateSucceeded,
  ResourceDeleteFailed,
  ResourceDeleteRequested,
  ResourceDeleteSucceeded,
} from './resource-operations';
import { StackCreateRequested, StackCreationContinued, StackDeleteRequested } from './stack-requests';
import { StackStatusChanged } from './stack-status';
import {
  ResourceUpdateFailed,
  ResourceUpdateRequested,
  ResourceUpdateSucceeded,
  StackRollbackContinueRequested,
  StackUpdateCancelRequested,
  StackUpdateRejected,
  StackUpdateRequested,
  StackUpdateValidated,
} from './stack-updates';
import { TemplateRejected, TemplateValidated } from './template-validation';
import { WaitConditionSignaled } from './wait-conditions';

/** Every contract, so that a consumer can check any message it receives (the audit app receives all of them). */
export const ALL_CONTRACTS: ReadonlyArray<MessageContract<unknown>> = [
  WaitConditionSignaled,
  NestedStackCreateRequested,
  StackCreateRequested,
  StackCreationContinued,
  StackDeleteRequested,
  TemplateValidated,
  TemplateRejected,
  ResourceCreateRequested,
  ResourceDeleteRequested,
  ResourceCreateSucceeded,
  ResourceCreateFailed,
  ResourceDeleteSucceeded,
  ResourceDeleteFailed,
  StackStatusChanged,
  ResourceConfigureRequested,
  ResourceConfigureSucceeded,
  ResourceConfigureFailed,
  ResourceConfigureProgress,
  StackUpdateRequested,
  StackUpdateValidated,
  StackUpdateRejected,
  StackUpdateCancelRequested,
  StackRollbackContinueRequested,
  ResourceUpdateRequested,
  ResourceUpdateSucceeded,
  ResourceUpdateFailed,
];

export function contractFor(routingKey: string): MessageContract<unknown> | undefined {
  return ALL_CONTRACTS.find((contract) => contract.routingKey === routingKey);
}
