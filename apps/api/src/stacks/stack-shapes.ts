import { MASK } from '@cfn/template';

import { declaredParameters } from './declared-parameters';
import { stackStatus, StackView } from './stack-view';

/**
 * Every parameter the template declares, with the value given or else its default, as AWS lists them; NoEcho
 * values are masked from the moment CreateStack returns (the template is read here, not taken from the planner).
 */
function parametersOf(view: StackView) {
  const supplied = new Map(view.request.parameters.map(({ key, value }) => [key, value]));
  const declared = declaredParameters(view.request.templateBody);
  if (!declared) {
    const noEcho = new Set(view.state?.noEchoParameters ?? []);
    return [...supplied].map(([key, value]) => ({ ParameterKey: key, ParameterValue: noEcho.has(key) ? MASK : value }));
  }
  return declared.flatMap(({ key, defaultValue, noEcho }) => {
    const value = supplied.get(key) ?? defaultValue;
    return value === undefined ? [] : [{ ParameterKey: key, ParameterValue: noEcho ? MASK : value }];
  });
}

function descriptionOf(view: StackView): string | undefined {
  const description = (view.state?.template as { Description?: unknown } | undefined)?.Description;
  return typeof description === 'string' ? description : undefined;
}

/** The `Stack` shape of DescribeStacks. */
export function stackShape(view: StackView) {
  const { request, state } = view;
  return {
    StackId: request.stackArn,
    StackName: request.stackName,
    ParentId: request.parentStackArn ?? undefined,
    RootId: request.rootStackArn ?? undefined,
    Description: descriptionOf(view),
    Parameters: parametersOf(view),
    CreationTime: request.createdAt,
    DeletionTime: state?.deletedAt ?? undefined,
    LastUpdatedTime: state?.lastUpdatedAt ?? undefined,
    RollbackConfiguration: {},
    StackStatus: stackStatus(view),
    StackStatusReason: state?.statusReason ?? undefined,
    DisableRollback: request.disableRollback,
    TimeoutInMinutes: request.timeoutInMinutes ?? undefined,
    NotificationARNs: [],
    Capabilities: request.capabilities,
    Outputs: (state?.outputs ?? []).map((output) => ({
      OutputKey: output.OutputKey,
      OutputValue: output.OutputValue,
      Description: output.Description,
      ExportName: output.ExportName,
    })),
    Tags: request.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** The `StackSummary` shape of ListStacks. */
export function stackSummaryShape(view: StackView) {
  return {
    StackId: view.request.stackArn,
    StackName: view.request.stackName,
    ParentId: view.request.parentStackArn ?? undefined,
    RootId: view.request.rootStackArn ?? undefined,
    TemplateDescription: descriptionOf(view),
    CreationTime: view.request.createdAt,
    DeletionTime: view.state?.deletedAt ?? undefined,
    LastUpdatedTime: view.state?.lastUpdatedAt ?? undefined,
    StackStatus: stackStatus(view),
    StackStatusReason: view.state?.statusReason ?? undefined,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}
