import { dataSecretBox } from '@cfn/persistence';

import type { StoredParameter } from './parameter-records';

/** SSM's ARN of a parameter (public ones have no account). */
export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

const epochSeconds = (date: Date): number => date.getTime() / 1000;

/**
 * GetParameter's `Parameter`. A SecureString read without decryption shows an opaque ciphertext (as AWS shows the
 * KMS blob), never the value.
 */
export function parameterView(
  parameter: StoredParameter,
  region: string,
  withDecryption: boolean,
  selector?: string,
): Record<string, unknown> {
  const value =
    parameter.type === 'SecureString' && !withDecryption
      ? Buffer.from(dataSecretBox().seal(parameter.value, 'ssm_parameters.ciphertext-view')).toString('base64')
      : parameter.value;
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: value,
    Version: parameter.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: epochSeconds(parameter.lastModifiedDate),
    ARN: parameterArn(region, parameter.accountId, parameter.name),
    DataType: parameter.dataType,
  };
}

/** DescribeParameters' `ParameterMetadata`. */
export function parameterMetadata(parameter: StoredParameter, region: string): Record<string, unknown> {
  return {
    Name: parameter.name,
    ARN: parameterArn(region, parameter.accountId, parameter.name),
    Type: parameter.type,
    ...(parameter.keyId ? { KeyId: parameter.keyId } : {}),
    LastModifiedDate: epochSeconds(parameter.lastModifiedDate),
    LastModifiedUser: parameter.lastModifiedUser,
    ...(parameter.description ? { Description: parameter.description } : {}),
    ...(parameter.allowedPattern ? { AllowedPattern: parameter.allowedPattern } : {}),
    Version: parameter.version,
    Tier: 'Standard',
    Policies: [],
    DataType: parameter.dataType,
  };
}
