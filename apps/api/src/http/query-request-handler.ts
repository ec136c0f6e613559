import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Credential } from '@cfn/persistence';
import { CredentialStore } from '../auth/credential-store';
import { parseQueryBody, QueryActionRouter, QueryParams, splitRequestUrl, verifySigV4 } from '../protocol';

export interface QueryOutcome {
  action: string;
  result: Record<string, unknown> | undefined;
}

/** One awsQuery request: authenticate it with SigV4, read its parameters, and run its action. */
@Injectable()
export class QueryRequestHandler {
  constructor(
    @Inject(CredentialStore) private readonly credentials: CredentialStore,
    @Inject(QueryActionRouter) private readonly router: QueryActionRouter,
  ) {}

  async handle(request: Request): Promise<QueryOutcome> {
    const body: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const { path, query } = splitRequestUrl(request.originalUrl);
    // One look-up per request: the credential whose secret verified the signature also says who the caller is.
    let credential: Credential | null = null;
    const verified = await verifySigV4(
      { method: request.method, path, query, headers: request.headers, body },
      async (accessKeyId) => (credential = await this.credentials.find(accessKeyId))?.secretAccessKey,
    );
    const caller = this.credentials.identity(credential!, verified.region);
    const params: QueryParams = request.method === 'GET' ? flattenQuery(query) : parseQueryBody(body);
    return this.router.dispatch(params, caller);
  }
}

function flattenQuery(query: Record<string, string | string[]>): QueryParams {
  const params: QueryParams = Object.create(null);
  for (const [key, value] of Object.entries(query)) params[key] = Array.isArray(value) ? value[0] : value;
  return params;
}
