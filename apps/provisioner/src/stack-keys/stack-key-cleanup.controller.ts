import { OwnerClients } from '@cfn/cloudstack';
import { StackStatusChanged, StackStatusChangedV1 } from '@cfn/contracts';
import { removeStackAccess } from '@cfn/resources';
import { stackKeyPairName } from '@cfn/ssh';
import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { StackAccessProvider } from './stack-access.provider';

/** Statuses after which a stack has no VM left that could need its key pair. */
const NO_VMS_LEFT = new Set(['DELETE_COMPLETE', 'ROLLBACK_COMPLETE']);

/** Removes a stack's key pair and management security group from CloudStack once the stack has no VMs left. */
@Controller()
export class StackKeyCleanupController {
  private readonly logger = new Logger(StackKeyCleanupController.name);

  constructor(
    @Inject(OwnerClients) private readonly clients: OwnerClients,
    @Inject(StackAccessProvider) private readonly stackAccess: StackAccessProvider,
  ) {}

  @EventPattern(StackStatusChanged.routingKey)
  async onStackStatus(@Payload() event: StackStatusChangedV1): Promise<void> {
    if (!this.stackAccess.isEnabled() || !NO_VMS_LEFT.has(event.status)) return;
    // The key pair and group are in the owner's account (made with its keys), so they are removed with them too.
    await removeStackAccess(await this.clients.forCleanUp(event.owner), stackKeyPairName(event.stackId));
    this.logger.log(`removed the key pair and management group of stack ${event.stackName}`);
  }
}
