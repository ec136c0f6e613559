import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { CallerAuthenticator } from '../auth/caller-authenticator';
import { parseQueryBody, QueryActionRouter, QueryParams, splitRequestUrl } from '../protocol';
import { AccountRateLimiter } from '../throttling/account-rate-limiter';

export interface QueryOutcome {
  action: string;
  result: Record<string, unknown> | undefined;
}

/** One awsQuery request: authenticate it with SigV4, read its parameters, and run its action. */
@Injectable()
export class QueryRequestHandler {
  constructor(
    @Inject(CallerAuthenticator) private readonly authenticator: CallerAuthenticator,
    @Inject(AccountRateLimiter) private readonly limiter: AccountRateLimiter,
    @Inject(QueryActionRouter) private readonly router: QueryActionRouter,
  ) {}

  async handle(request: Request): Promise<QueryOutcome> {
    const body: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const { path, query } = splitRequestUrl(request.originalUrl);
    const caller = await this.authenticator.authenticate({
      method: request.method,
      path,
      query,
      headers: request.headers,
      body,
    });
    // After authentication, so one tenant's flood (or a forger's) spends only its own account's tokens.
    this.limiter.take(caller.accountId);
    const params: QueryParams = request.method === 'GET' ? flattenQuery(query) : parseQueryBody(body);
    return this.router.dispatch(params, caller);
  }
}

function flattenQuery(query: Record<string, string | string[]>): QueryParams {
  const params: QueryParams = Object.create(null);
  for (const [key, value] of Object.entries(query)) params[key] = Array.isArray(value) ? value[0] : value;
  return params;
}
