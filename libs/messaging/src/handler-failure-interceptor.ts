import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { RabbitContext } from './message-context';

/**
 * Nest's default RPC exception filter replaces whatever a handler threw with "Internal server error" before the
 * transport sees it. This keeps the real error on the RabbitContext, so the transport can log it and put it
 * in the x-last-error header of a parked message. Other contexts (HTTP) pass through untouched.
 */
@Injectable()
export class HandlerFailureInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpcContext = context.getType() === 'rpc' ? context.switchToRpc().getContext() : null;
    if (!(rpcContext instanceof RabbitContext)) return next.handle();
    return next.handle().pipe(catchError((error: unknown) => {
      rpcContext.failure = error;
      return throwError(() => error);
    }));
  }
}
