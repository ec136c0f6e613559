import { ChangeSet } from '@cfn/persistence';
import { MASK } from '@cfn/template';

import { declaredParameters } from '../stacks/declared-parameters';
import { StackView } from '../stacks/stack-view';

/** The template's parameters with the change set's values (defaults otherwise), NoEcho masked, as AWS lists them. */
function parametersOf(changeSet: ChangeSet) {
  const supplied = new Map(changeSet.parameters.map(({ key, value }) => [key, value]));
  return (declaredParameters(changeSet.templateBody) ?? []).flatMap(({ key, defaultValue, noEcho }) => {
    const value = supplied.get(key) ?? defaultValue;
    return value === undefined ? [] : [{ ParameterKey: key, ParameterValue: noEcho ? MASK : value }];
  });
}

export function changeSetShape(changeSet: ChangeSet, view: StackView) {
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.arn,
    StackId: view.request.stackArn,
    StackName: view.request.stackName,
    Description: changeSet.description ?? undefined,
    Parameters: parametersOf(changeSet),
    CreationTime: changeSet.createdAt,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason ?? undefined,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: changeSet.capabilities,
    Tags: changeSet.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    Changes: changeSet.changes,
    IncludeNestedStacks: false,
  };
}

export function changeSetSummaryShape(changeSet: ChangeSet, view: StackView) {
  return {
    StackId: view.request.stackArn,
    StackName: view.request.stackName,
    ChangeSetId: changeSet.arn,
    ChangeSetName: changeSet.name,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason ?? undefined,
    CreationTime: changeSet.createdAt,
    Description: changeSet.description ?? undefined,
    IncludeNestedStacks: false,
  };
}
