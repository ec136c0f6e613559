import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { Module } from '@nestjs/common';

import { PLANNER_CONTROLLERS, PLANNER_PROVIDERS } from './planner-providers';

@Module({
  imports: [PersistenceModule.forRoot({ requireDataKey: true }), MessagingModule.forApp('planner')],
  controllers: PLANNER_CONTROLLERS,
  providers: PLANNER_PROVIDERS,
})
export class PlannerModule {}
