import { hasCloudStackAdminKeys, ownerClientsFromEnv } from '@cfn/cloudstack';
import { MessagingModule } from '@cfn/messaging';
import { PersistenceModule } from '@cfn/persistence';
import { ResourceRegistry, StackTemplateChecker, TemplateFetcher } from '@cfn/resources';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { CallerAuthenticator } from './auth/caller-authenticator';
import { CloudStackUsers } from './auth/cloudstack-users';
import { CredentialStore } from './auth/credential-store';
import { IDENTITY_SETTINGS, identitySettingsFromEnv, PrincipalDirectory } from './auth/principal-directory';
import { TenantAccounts } from './auth/tenant-accounts';
import { ChangeSetDirectory } from './change-sets/change-set-directory';
import { CreateChangeSetAction } from './change-sets/create-change-set.action';
import { DeleteChangeSetAction } from './change-sets/delete-change-set.action';
import { DescribeChangeSetAction } from './change-sets/describe-change-set.action';
import { ExecuteChangeSetAction } from './change-sets/execute-change-set.action';
import { ListChangeSetsAction } from './change-sets/list-change-sets.action';
import { ListExportsAction } from './exports/list-exports.action';
import { ListImportsAction } from './exports/list-imports.action';
import { QueryApiController } from './http/query-api.controller';
import { QueryExceptionFilter } from './http/query-exception.filter';
import { QueryRequestHandler } from './http/query-request-handler';
import { NestedStackRequestsController } from './nested-stacks/nested-stack-requests.controller';
import { QueryActionRouter } from './protocol';
import { ClientRequestTokens } from './request-tokens/client-request-tokens';
import { SignalResourceAction } from './resource-signals/signal-resource.action';
import { KeyPairParameters } from './ssm/key-pair-parameters';
import { PARAMETER_RECORDS } from './ssm/parameter-store/parameter-records';
import { ParameterStore } from './ssm/parameter-store/parameter-store';
import { TypeOrmParameterRecords } from './ssm/parameter-store/typeorm-parameter-records';
import { SsmJsonApi } from './ssm/ssm-json-api';
import { DescribeStackEventsAction } from './stack-events/describe-stack-events.action';
import { DescribeStackResourceAction } from './stack-resources/describe-stack-resource.action';
import { DescribeStackResourcesAction } from './stack-resources/describe-stack-resources.action';
import { ListStackResourcesAction } from './stack-resources/list-stack-resources.action';
import { StackResourceReader } from './stack-resources/stack-resource-reader';
import { StackStatusListener } from './stack-status/stack-status.listener';
import { CancelUpdateStackAction } from './stack-updates/cancel-update-stack.action';
import { ContinueUpdateRollbackAction } from './stack-updates/continue-update-rollback.action';
import { StackUpdateSubmitter } from './stack-updates/stack-update-submitter';
import { UpdateStackAction } from './stack-updates/update-stack.action';
import { CreateStackAction } from './stacks/create-stack.action';
import { DeleteStackAction } from './stacks/delete-stack.action';
import { DescribeStacksAction } from './stacks/describe-stacks.action';
import { GetTemplateAction } from './stacks/get-template.action';
import { GetTemplateSummaryAction } from './stacks/get-template-summary.action';
import { ListStacksAction } from './stacks/list-stacks.action';
import { QueryAction } from './stacks/query-action';
import { StackDirectory } from './stacks/stack-directory';
import { ValidateTemplateAction } from './stacks/validate-template.action';
import { TemplateInputReader } from './templates/template-input';
import { AccountRateLimiter } from './throttling/account-rate-limiter';
import { WaitConditionSignalController } from './wait-conditions/wait-condition-signal.controller';

const ACTIONS = [
  CreateStackAction,
  DescribeStacksAction,
  ListStacksAction,
  DeleteStackAction,
  GetTemplateAction,
  ValidateTemplateAction,
  GetTemplateSummaryAction,
  DescribeStackEventsAction,
  DescribeStackResourceAction,
  DescribeStackResourcesAction,
  ListStackResourcesAction,
  ListExportsAction,
  ListImportsAction,
  SignalResourceAction,
  UpdateStackAction,
  CancelUpdateStackAction,
  ContinueUpdateRollbackAction,
  CreateChangeSetAction,
  DescribeChangeSetAction,
  ExecuteChangeSetAction,
  DeleteChangeSetAction,
  ListChangeSetsAction,
];

@Module({
  imports: [PersistenceModule.forRoot({ requireDataKey: true }), MessagingModule.forApp('api')],
  controllers: [QueryApiController, StackStatusListener, WaitConditionSignalController, NestedStackRequestsController],
  providers: [
    ...ACTIONS,
    CredentialStore,
    TenantAccounts,
    PrincipalDirectory,
    CallerAuthenticator,
    { provide: AccountRateLimiter, useFactory: () => AccountRateLimiter.fromEnv() },
    { provide: IDENTITY_SETTINGS, useFactory: () => identitySettingsFromEnv() },
    // CloudStack users sign with their own keys when the api has the cloud's administrator keys to look them up.
    ...(hasCloudStackAdminKeys()
      ? [{ provide: CloudStackUsers, useFactory: () => new CloudStackUsers(ownerClientsFromEnv().admin) }]
      : []),
    ClientRequestTokens,
    StackDirectory,
    StackResourceReader,
    StackUpdateSubmitter,
    ChangeSetDirectory,
    { provide: ResourceRegistry, useFactory: () => ResourceRegistry.default() },
    QueryRequestHandler,
    TemplateInputReader,
    { provide: TemplateFetcher, useFactory: () => new TemplateFetcher() },
    KeyPairParameters,
    SsmJsonApi,
    ParameterStore,
    { provide: PARAMETER_RECORDS, useClass: TypeOrmParameterRecords },
    { provide: APP_FILTER, useClass: QueryExceptionFilter },
    { provide: StackTemplateChecker, useFactory: () => new StackTemplateChecker(ResourceRegistry.default()) },
    {
      provide: QueryActionRouter,
      inject: ACTIONS,
      useFactory: (...actions: QueryAction[]) => {
        const router = new QueryActionRouter();
        for (const action of actions) router.register(action.action, (params, caller) => action.handle(params, caller));
        return router;
      },
    },
  ],
})
export class ApiModule {}
