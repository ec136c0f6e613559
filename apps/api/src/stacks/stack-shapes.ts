import { StackView, stackStatus } from './stack-view';

/** Masks NoEcho parameter values as AWS does in every Describe output. */
function parametersOf(view: StackView) {
  const noEcho = new Set(view.state?.noEchoParameters ?? []);
  return view.request.parameters.map(({ key, value }) => ({
    ParameterKey: key,
    ParameterValue: noEcho.has(key) ? '****' : value,
  }));
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
    Description: descriptionOf(view),
    Parameters: parametersOf(view),
    CreationTime: request.createdAt,
    DeletionTime: state?.deletedAt ?? undefined,
    LastUpdatedTime: undefined,
    RollbackConfiguration: {},
    StackStatus: stackStatus(view),
    StackStatusReason: state?.statusReason ?? undefined,
    DisableRollback: request.disableRollback,
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
    TemplateDescription: descriptionOf(view),
    CreationTime: view.request.createdAt,
    DeletionTime: view.state?.deletedAt ?? undefined,
    StackStatus: stackStatus(view),
    StackStatusReason: view.state?.statusReason ?? undefined,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}
