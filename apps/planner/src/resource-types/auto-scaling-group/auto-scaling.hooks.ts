import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { AUTO_SCALING_GROUP_TYPE, LAUNCH_CONFIGURATION_TYPE } from '@cfn/resources';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceStatus } from '../../stack-engine/statuses';
import { MadeResource, ResourceTypeHooks } from '../resource-type-hooks';
import { withLaunchConfiguration } from './launch-configuration-of';
import { MemberConfigurationRounds } from './member-configuration-rounds';

/**
 * AWS::AutoScaling::AutoScalingGroup: the provisioner is handed its launch configuration's properties with its
 * own (ADR 28); once made or resized, its members are configured (when the launch configuration has configuration
 * Metadata) before it completes. Its own Metadata configures no host.
 */
@Injectable()
export class AutoScalingGroupHooks implements ResourceTypeHooks {
  readonly types = [AUTO_SCALING_GROUP_TYPE];
  readonly configuresItself = false;

  constructor(@Inject(MemberConfigurationRounds) private readonly rounds: MemberConfigurationRounds) {}

  workerProperties(properties: Record<string, unknown>, rows: StackResource[]): Record<string, unknown> {
    return withLaunchConfiguration(properties, rows);
  }

  afterMade(
    tx: Transaction,
    stack: Stack,
    group: StackResource,
    made: MadeResource,
    step: 'create' | 'update',
  ): Promise<boolean> {
    return step === 'create'
      ? this.rounds.start(tx, stack, group, made, ResourceStatus.CreateInProgress, 'Resource created')
      : this.rounds.start(tx, stack, group, made, ResourceStatus.UpdateInProgress, 'Resource updated');
  }

  /** A group's members are configured one request each; the group itself is no host. */
  async redrive(tx: Transaction, stack: Stack, group: StackResource): Promise<'resent' | undefined> {
    if (group.phase !== 'CONFIGURING') return undefined;
    await this.rounds.resendPending(tx, stack, group);
    return 'resent';
  }
}

/**
 * AWS::AutoScaling::LaunchConfiguration: made like any resource (the provisioner checks it); its Metadata configures
 * the members of its groups, not itself.
 */
@Injectable()
export class LaunchConfigurationHooks implements ResourceTypeHooks {
  readonly types = [LAUNCH_CONFIGURATION_TYPE];
  readonly configuresItself = false;
}
