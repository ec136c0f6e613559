import type { CallerIdentity } from '../../protocol';
import { checkWritableName } from './parameter-names';
import { ParameterType } from './parameter-records';
import { ParameterStore } from './parameter-store';
import { isPublicName } from './public-parameters';
import { optionalString, requiredString, SsmInput } from './request-fields';
import { parameterAlreadyExists, SsmError, validationError } from './ssm-error';

const TYPES: ParameterType[] = ['String', 'StringList', 'SecureString'];
/** The Standard tier's limit (Tier is accepted and ignored: every parameter is stored alike). */
const MAX_VALUE_LENGTH = 4096;
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];

/** PutParameter: a new parameter (version 1), or with Overwrite a new version of an existing one. */
export async function putParameter(
  store: ParameterStore,
  input: SsmInput,
  caller: CallerIdentity,
): Promise<Record<string, unknown>> {
  const name = requiredString(input, 'Name');
  const value = requiredString(input, 'Value');
  if (isPublicName(name)) throw new SsmError('AccessDeniedException', `No access to reserved parameter name: ${name}.`);
  checkWritableName(name);
  if (value.length < 1)
    throw validationError(
      "Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  if (value.length > MAX_VALUE_LENGTH) {
    throw validationError(
      `Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_LENGTH}`,
    );
  }
  const type = optionalString(input, 'Type');
  if (type !== undefined && !TYPES.includes(type as ParameterType)) {
    throw validationError(
      `Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
    );
  }
  const overwrite = input.Overwrite === true;
  if (overwrite && Array.isArray(input.Tags) && input.Tags.length > 0) {
    throw new SsmError(
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with " +
        'tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
    );
  }
  const dataType = optionalString(input, 'DataType') ?? 'text';
  if (!DATA_TYPES.includes(dataType)) {
    throw new SsmError(
      'ValidationException',
      `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
    );
  }
  const allowedPattern = optionalString(input, 'AllowedPattern') ?? null;
  if (allowedPattern !== null && !matchesPattern(value, allowedPattern)) {
    throw new SsmError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`,
    );
  }
  const current = await store.records.latest(caller.accountId, name);
  if (!current && type === undefined) {
    throw new SsmError('ValidationException', 'A parameter type is required when you create a parameter.');
  }
  if (current && !overwrite) {
    throw parameterAlreadyExists();
  }
  const effectiveType = (type ?? current!.type) as ParameterType;
  const keyId =
    effectiveType === 'SecureString' ? (optionalString(input, 'KeyId') ?? current?.keyId ?? 'alias/aws/ssm') : null;
  const written = await store.records.put(
    {
      accountId: caller.accountId,
      name,
      type: effectiveType,
      value,
      description: optionalString(input, 'Description') ?? (overwrite ? (current?.description ?? null) : null),
      allowedPattern: allowedPattern ?? (overwrite ? (current?.allowedPattern ?? null) : null),
      dataType,
      keyId,
      lastModifiedUser: userArn(caller),
      lastModifiedDate: new Date(),
    },
    overwrite,
  );
  return { Version: written.version, Tier: 'Standard' };
}

/** Who changed a parameter, in the form AWS shows (an IAM user ARN of the account). */
export function userArn(caller: CallerIdentity): string {
  return `arn:aws:iam::${caller.accountId}:user/${caller.requester.userName}`;
}

function matchesPattern(value: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    throw new SsmError('ValidationException', `Parameter AllowedPattern is not a valid regular expression: ${pattern}`);
  }
}
