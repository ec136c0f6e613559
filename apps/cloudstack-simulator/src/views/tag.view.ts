import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { TagRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';

/** ResourceTagResponse, in listTags and in every taggable object's `tags` array. */
@Injectable()
export class TagView {
  constructor(
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
  ) {}

  toResponse(tag: TagRecord): Record<string, unknown> {
    return {
      key: tag.key,
      value: tag.value,
      resourcetype: tag.resourcetype,
      resourceid: tag.resourceid,
      ...ownerFields(this.accounts.ownerOf(tag)),
      ...(tag.customer !== undefined ? { customer: tag.customer } : {}),
    };
  }

  tagsOf(resourceid: string): Record<string, unknown>[] {
    return this.state.tagsOf(resourceid).map((tag) => this.toResponse(tag));
  }
}
