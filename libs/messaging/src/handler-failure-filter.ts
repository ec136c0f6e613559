import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

import { RabbitContext } from './message-context';

/**
 * Nest's default RPC exception filter replaces whatever a handler threw with "Internal server error" (after logging
 * it with its stack) before the transport sees it. This filter hands the error on as it was thrown, and keeps it on
 * the RabbitContext, so the transport logs it once and puts it in the x-last-error header of a parked message.
 *
 * It is a filter on the consumer's own (microservice) config rather than a global interceptor: Nest runs a filter
 * only when a handler fails, while an interceptor wraps every message in deferred observables and async-resource
 * bindings, which in the audit service cost an eighth of its time per message.
 */
@Catch()
export class HandlerFailureFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const context = host.getType() === 'rpc' ? host.switchToRpc().getContext() : null;
    if (context instanceof RabbitContext) context.failure = exception;
    return throwError(() => exception);
  }
}
