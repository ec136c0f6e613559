import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CallerAuthenticator } from '../auth/caller-authenticator';
import { AwsError, splitRequestUrl } from '../protocol';
import { AccountRateLimiter } from '../throttling/account-rate-limiter';
import { KeyPairParameters } from './key-pair-parameters';

/** The AWS JSON 1.1 protocol's content type, which SSM speaks. */
const JSON_11 = 'application/x-amz-json-1.1';

/** AWS JSON protocols name the signature errors differently from awsQuery. */
const JSON_ERROR_CODES: Record<string, string> = {
  SignatureDoesNotMatch: 'InvalidSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  AccessDenied: 'AccessDeniedException',
  Throttling: 'ThrottlingException',
  IncompleteSignature: 'IncompleteSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
};

class SsmError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

/**
 * The part of AWS Systems Manager Parameter Store the service answers: GetParameter of /ec2/keypair/<KeyPairId>,
 * where AWS keeps the private key of a key pair it created (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.GetParameter`,
 * SigV4 with service `ssm`), so `aws ssm get-parameter --name /ec2/keypair/key-... --with-decryption` works as on AWS.
 */
@Injectable()
export class SsmJsonApi {
  private readonly logger = new Logger('SsmApi');

  constructor(
    @Inject(CallerAuthenticator) private readonly authenticator: CallerAuthenticator,
    @Inject(AccountRateLimiter) private readonly limiter: AccountRateLimiter,
    @Inject(KeyPairParameters) private readonly parameters: KeyPairParameters,
  ) {}

  static handles(request: Request): boolean {
    return String(request.headers['x-amz-target'] ?? '').startsWith('AmazonSSM.');
  }

  async serve(request: Request, response: Response): Promise<void> {
    const requestId = randomUUID();
    response.setHeader('x-amzn-RequestId', requestId);
    response.type(JSON_11);
    try {
      const result = await this.handle(request);
      response.status(200).send(JSON.stringify(result));
    } catch (error) {
      const failure = this.asSsmError(error);
      if (failure.status >= 500) this.logger.error(`request ${requestId} failed: ${(error as Error).stack ?? error}`);
      response.status(failure.status).send(JSON.stringify({ __type: failure.code, ...(failure.message ? { message: failure.message } : {}) }));
    }
  }

  private async handle(request: Request): Promise<Record<string, unknown>> {
    const body: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const { path, query } = splitRequestUrl(request.originalUrl);
    const caller = await this.authenticator.authenticate({ method: request.method, path, query, headers: request.headers, body }, 'ssm');
    this.limiter.take(caller.accountId);
    const operation = String(request.headers['x-amz-target']).slice('AmazonSSM.'.length);
    if (operation !== 'GetParameter') throw new SsmError('UnknownOperationException', '');
    const input = parseJson(body);
    const name = input.Name;
    if (typeof name !== 'string' || name === '') {
      throw new SsmError('ValidationException', "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    }
    if (!this.parameters.configured) throw new SsmError('InternalServerError', 'Parameter Store is not configured (CFN_KEY_ENCRYPTION_SECRET)', 500);
    const parameter = await this.parameters.find(name, caller.accountId, input.WithDecryption === true);
    if (!parameter) throw new SsmError('ParameterNotFound', '');
    return {
      Parameter: {
        Name: parameter.name,
        Type: 'SecureString',
        Value: parameter.value,
        Version: 1,
        LastModifiedDate: parameter.lastModified.getTime() / 1000,
        ARN: `arn:aws:ssm:${caller.region}:${caller.accountId}:parameter${parameter.name}`,
        DataType: 'text',
      },
    };
  }

  private asSsmError(error: unknown): SsmError {
    if (error instanceof SsmError) return error;
    if (error instanceof AwsError) return new SsmError(JSON_ERROR_CODES[error.code] ?? error.code, error.message, error.httpStatus === 403 ? 400 : error.httpStatus);
    return new SsmError('InternalServerError', 'An internal error occurred', 500);
  }
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below in SSM's terms.
  }
  throw new SsmError('SerializationException', 'Start of structure or map found where not expected.');
}
