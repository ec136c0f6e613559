import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { CallerAuthenticator } from '../auth/caller-authenticator';
import { AwsError, splitRequestUrl } from '../protocol';
import { AccountRateLimiter } from '../throttling/account-rate-limiter';
import { ParameterStore } from './parameter-store/parameter-store';
import { SsmError } from './parameter-store/ssm-error';
import { SSM_OPERATIONS } from './parameter-store/ssm-operations';

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

/**
 * AWS Systems Manager Parameter Store on the service's endpoint (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.<Operation>`,
 * SigV4 with service `ssm`): each account's own parameters (parameter-store/), the private keys of key pairs its
 * stacks made (/ec2/keypair/<KeyPairId>, as AWS keeps them) and the public parameters the operator publishes.
 */
@Injectable()
export class SsmJsonApi {
  private readonly logger = new Logger('SsmApi');

  constructor(
    @Inject(CallerAuthenticator) private readonly authenticator: CallerAuthenticator,
    @Inject(AccountRateLimiter) private readonly limiter: AccountRateLimiter,
    @Inject(ParameterStore) private readonly store: ParameterStore,
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
      response
        .status(failure.status)
        .send(JSON.stringify({ __type: failure.code, ...(failure.message ? { message: failure.message } : {}) }));
    }
  }

  private async handle(request: Request): Promise<Record<string, unknown>> {
    const body: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const { path, query } = splitRequestUrl(request.originalUrl);
    const caller = await this.authenticator.authenticate(
      { method: request.method, path, query, headers: request.headers, body },
      'ssm',
    );
    this.limiter.take(caller.accountId);
    const name = String(request.headers['x-amz-target']).slice('AmazonSSM.'.length);
    const operation = Object.prototype.hasOwnProperty.call(SSM_OPERATIONS, name) ? SSM_OPERATIONS[name] : undefined;
    if (!operation) throw new SsmError('UnknownOperationException', '');
    return operation(this.store, parseJson(body), caller);
  }

  private asSsmError(error: unknown): SsmError {
    if (error instanceof SsmError) return error;
    if (error instanceof AwsError)
      return new SsmError(
        JSON_ERROR_CODES[error.code] ?? error.code,
        error.message,
        error.httpStatus === 403 ? 400 : error.httpStatus,
      );
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
