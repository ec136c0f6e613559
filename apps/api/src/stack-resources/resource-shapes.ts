import { StackResource } from '@cfn/persistence';

import { StackView } from '../stacks/stack-view';

/** Resources the planner has acted on (AWS lists no resource it has not started). */
export function visibleResources(resources: StackResource[]): StackResource[] {
  return resources.filter((resource) => resource.status !== null);
}

function common(view: StackView, resource: StackResource) {
  return {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId ?? undefined,
    ResourceType: resource.resourceType,
    ResourceStatus: resource.status!,
    ResourceStatusReason: resource.statusReason ?? undefined,
  };
}

export function stackResourceShape(view: StackView, resource: StackResource) {
  return {
    StackName: view.request.stackName,
    StackId: view.request.stackArn,
    ...common(view, resource),
    Timestamp: resource.updatedAt,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function stackResourceSummaryShape(view: StackView, resource: StackResource) {
  return {
    ...common(view, resource),
    LastUpdatedTimestamp: resource.updatedAt,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function stackResourceDetailShape(view: StackView, resource: StackResource, metadataJson: string | undefined) {
  return {
    StackName: view.request.stackName,
    StackId: view.request.stackArn,
    ...common(view, resource),
    LastUpdatedTimestamp: resource.updatedAt,
    // cfn-init reads a resource's Metadata from here, as a JSON string.
    Metadata: metadataJson,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}
