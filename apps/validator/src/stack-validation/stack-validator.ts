import { isRetryable, OwnerClients, OwnerNotFoundError } from '@cfn/cloudstack';
import { StackCreateRequestedV1 } from '@cfn/contracts';
import { CheckedStackTemplate, CLOUD_CHECKED_TYPES, CloudParameterChecker, StackTemplateChecker } from '@cfn/resources';
import { checkStackEvaluation, parameterMemberType, TemplateDocument, TemplateValidationError } from '@cfn/template';
import { Inject, Injectable, Logger } from '@nestjs/common';

export type ValidationVerdict =
  | { kind: 'validated'; checked: CheckedStackTemplate; availabilityZones?: string[] }
  | { kind: 'rejected'; reason: string };

/**
 * Everything the api checked, again (the gate must not trust its caller), then what needs the cloud: values of
 * cloud-backed parameter types, and Fn::GetAZs (whose zones are handed on to the planner). The cloud is asked only
 * when the template needs it.
 */
@Injectable()
export class StackValidator {
  private readonly logger = new Logger(StackValidator.name);

  constructor(
    @Inject(StackTemplateChecker) private readonly checker: StackTemplateChecker,
    @Inject(OwnerClients) private readonly clients: OwnerClients,
  ) {}

  /** `finalAttempt`: the last delivery; a cloud that still cannot be reached then rejects the stack. */
  async validate(
    request: Pick<
      StackCreateRequestedV1,
      'accountId' | 'region' | 'stackArn' | 'stackName' | 'templateBody' | 'template' | 'parameters' | 'owner'
    >,
    finalAttempt: boolean,
  ): Promise<ValidationVerdict> {
    const identity = {
      accountId: request.accountId,
      region: request.region,
      stackId: request.stackArn,
      stackName: request.stackName,
    };
    try {
      const supplied = request.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value }));
      // The api parsed the body when it accepted the stack; its document gets every check again, the parse is not
      // repeated (ADR 43). A request without it (an older api, another producer) has its body parsed here.
      const checked = request.template
        ? this.checker.checkDocument(request.templateBody, request.template as unknown as TemplateDocument, supplied, {
            identity,
          })
        : this.checker.check(request.templateBody, supplied, { identity });
      // The cloud is asked as the stack's owner: the zones, templates and key pairs the owner's account can see.
      const cloudChecker = () => this.clients.forOwner(request.owner).then((cloud) => new CloudParameterChecker(cloud));
      const availabilityZones = usesGetAZs(checked.template)
        ? await (await cloudChecker()).availabilityZones()
        : undefined;
      if (availabilityZones) {
        checkStackEvaluation(checked.template, { parameters: checked.parameters, identity, availabilityZones });
      }
      if (hasCloudCheckedParameters(checked.template)) {
        const { skipped } = await (
          await cloudChecker()
        ).check(checked.template, checked.parameters, checked.noEchoParameters);
        for (const note of skipped) this.logger.warn(`stack ${request.stackName}: ${note}`);
      }
      return { kind: 'validated', checked, availabilityZones };
    } catch (error) {
      if (error instanceof TemplateValidationError || error instanceof OwnerNotFoundError)
        return { kind: 'rejected', reason: error.message };
      // Anything but a cloud failure is a fault of ours: retried, then dead-lettered.
      if (!isCloudError(error)) throw error;
      // A cloud that may answer later is asked again; on the last delivery the stack fails instead of hanging.
      if (isRetryable(error) && !finalAttempt) throw error;
      const why = (error as Error).message;
      return { kind: 'rejected', reason: `Parameter validation failed: the cloud could not be asked (${why})` };
    }
  }
}

function usesGetAZs(template: TemplateDocument): boolean {
  return JSON.stringify(template).includes('"Fn::GetAZs"');
}

function hasCloudCheckedParameters(template: TemplateDocument): boolean {
  return Object.values(template.Parameters ?? {}).some((definition) =>
    Object.prototype.hasOwnProperty.call(CLOUD_CHECKED_TYPES, parameterMemberType(String(definition.Type))),
  );
}

function isCloudError(error: unknown): boolean {
  // CloudStackApiError, CloudStackTransportError, CloudStackAsyncJobError ...
  return error instanceof Error && error.name.startsWith('CloudStack');
}
