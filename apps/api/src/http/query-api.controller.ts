import { randomUUID } from 'node:crypto';

import { All, Controller, Inject, Logger, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  AwsError,
  renderErrorResponse,
  renderQueryResult,
  REQUEST_ID_HEADER,
  toAwsError,
  XML_CONTENT_TYPE,
} from '../protocol';
import { SsmJsonApi } from '../ssm/ssm-json-api';
import { QueryRequestHandler } from './query-request-handler';

/** The AWS CloudFormation Query API endpoint: every action is a POST (or GET) to `/`. */
@Controller()
export class QueryApiController {
  private readonly logger = new Logger('QueryApi');

  constructor(
    @Inject(QueryRequestHandler) private readonly handler: QueryRequestHandler,
    @Inject(SsmJsonApi) private readonly ssm: SsmJsonApi,
  ) {}

  @All('/')
  async serve(@Req() request: Request, @Res() response: Response): Promise<void> {
    // The same endpoint also answers SSM's JSON protocol (key pairs' private keys), told apart by X-Amz-Target.
    if (SsmJsonApi.handles(request)) return this.ssm.serve(request, response);
    const requestId = randomUUID();
    const started = Date.now();
    response.setHeader(REQUEST_ID_HEADER, requestId);
    response.type(XML_CONTENT_TYPE);
    try {
      const { action, result } = await this.handler.handle(request);
      response.status(200).send(renderQueryResult(action, result, requestId));
      this.logger.debug?.(`${action} 200 ${Date.now() - started}ms`);
    } catch (error) {
      const awsError = toAwsError(error);
      if (!(error instanceof AwsError))
        this.logger.error(`request ${requestId} failed: ${(error as Error).stack ?? error}`);
      else this.logger.log(`${awsError.code} ${awsError.httpStatus}: ${awsError.message}`);
      response.status(awsError.httpStatus).send(renderErrorResponse(awsError, requestId));
    }
  }
}
