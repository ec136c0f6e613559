import { randomUUID } from 'node:crypto';

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

import {
  AwsError,
  internalFailure,
  renderErrorResponse,
  REQUEST_ID_HEADER,
  validationError,
  XML_CONTENT_TYPE,
} from '../protocol';

/**
 * Errors raised before the controller runs (an unknown path, a body over the size limit, a malformed body)
 * still get an AWS-shaped XML answer, never Nest's JSON error page.
 */
@Catch()
export class QueryExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('QueryApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = randomUUID();
    let error: AwsError;
    if (exception instanceof AwsError) error = exception;
    else if (exception instanceof HttpException && exception.getStatus() === 404) {
      error = new AwsError('InvalidAction', 'The requested path does not exist; send awsQuery requests to /', 404);
    } else if ((exception as { type?: string }).type === 'entity.too.large') {
      error = validationError('Request body is too large');
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      error = validationError(exception.message);
    } else {
      this.logger.error(`unhandled error: ${(exception as Error)?.stack ?? exception}`);
      error = internalFailure();
    }
    response.setHeader(REQUEST_ID_HEADER, requestId);
    response.type(XML_CONTENT_TYPE).status(error.httpStatus).send(renderErrorResponse(error, requestId));
  }
}
