import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { FaultInjector } from '../faults/fault-injector';
import { isCommandAllowed } from '../state/roles';
import { ApiError, ApiErrorCode } from './api-error';
import { writeApiError, writeApiResult } from './api-response';
import { CommandParameters } from './command-parameters';
import { COMMAND_REGISTRY, CommandRegistry } from './command-registry';
import { collectRequestParameters } from './request-parameters';
import { RequestVerifier } from './request-verifier';

/** One request to `/client/api`, as the listener in front of the web framework reads it. */
export interface CloudStackApiRequest {
  method: string;
  /** The query string as sent (without `?`): names such as tags[0].key must reach the signature check unchanged. */
  rawQuery: string;
  /** A form-encoded body as sent, if any. */
  formBody: string | undefined;
}

/**
 * `/client/api`: CloudStack's ApiServlet — authenticate, throttle, find the command, run it, serialise the answer —
 * with the latency and transient failures the faults ask for.
 */
@Injectable()
export class CloudStackApiEndpoint {
  private readonly logger = new Logger('CloudStackApi');

  constructor(
    @Inject(RequestVerifier) private readonly verifier: RequestVerifier,
    @Inject(COMMAND_REGISTRY) private readonly registry: CommandRegistry,
    @Inject(FaultInjector) private readonly faults: FaultInjector,
  ) {}

  async handle(request: CloudStackApiRequest, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const params = collectRequestParameters(request.rawQuery, request.formBody);
    const command = params.command;
    let status: number;
    try {
      status = writeApiResult(res, command, await this.execute(command, params, request.method));
    } catch (err) {
      const error = err instanceof ApiError ? err : this.unexpected(command, err);
      status = writeApiError(res, command, error);
    }
    // Never the parameters: they may hold userdata, and the query holds the signature.
    this.logger.log(`${request.method} ${command ?? '-'} ${status} ${Date.now() - started}ms`);
  }

  private async execute(command: string | undefined, params: Record<string, string>, method: string): Promise<unknown> {
    if (!command) throw new ApiError(ApiErrorCode.BAD_REQUEST, 'no command specified');
    const authenticated = this.verifier.authenticate(params);
    if (!authenticated) throw ApiError.unauthorized();
    const { account: caller, user } = authenticated;
    const handler = this.registry.find(command);
    if (!handler) throw ApiError.unknownCommand();
    if (!isCommandAllowed(caller.roletype, command)) throw ApiError.commandNotAvailable(command);
    const wait = this.faults.throttled(caller.id);
    if (wait !== undefined) throw ApiError.throttled(wait);
    const latency = this.faults.latencyMs(command);
    if (latency > 0) await sleep(latency);
    const transient = this.faults.transientFailure(command);
    if (transient === 'before') throw ApiError.transient();
    const result = await handler(new CommandParameters(command, params, caller, method, user));
    if (transient === 'after') throw ApiError.transient();
    return result;
  }

  private unexpected(command: string | undefined, err: unknown): ApiError {
    this.logger.error(`${command} crashed: ${(err as Error)?.stack ?? err}`);
    return ApiError.internal(`Caught exception while executing ${command}: ${(err as Error)?.message ?? err}`);
  }
}
