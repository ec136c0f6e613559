import { WaitConditionSignaled } from '@cfn/contracts';
import { UnitOfWork } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';
import { isSignedSignal, signalUrlSettingsFromEnv } from '@cfn/resources';
import { Controller, HttpCode, Inject, Logger, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { parseSignal, SignalRejected } from './signal-body';

/**
 * The pre-signed URL of a wait condition handle: instances PUT the JSON that cfn-signal and curl send
 * (`{"Status":"SUCCESS"|"FAILURE","Reason","UniqueId","Data"}`). The URL's signature is the only credential, as
 * with AWS's pre-signed S3 URLs; a valid signal is passed on to the planner, which waits for it.
 */
@Controller('waitcondition')
export class WaitConditionSignalController {
  private readonly logger = new Logger(WaitConditionSignalController.name);
  private readonly secret = signalUrlSettingsFromEnv().secret;

  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {}

  @Put(':stackId/:logicalId')
  @HttpCode(200)
  async signal(
    @Param('stackId') stackId: string,
    @Param('logicalId') logicalId: string,
    @Query('Signature') signature: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      if (!signature || !isSignedSignal(stackId, logicalId, signature, this.secret)) {
        throw new SignalRejected(
          403,
          'AccessDenied',
          'The request signature does not match this wait condition handle',
        );
      }
      const stack = await this.unitOfWork.dataSource.getRepository(StackRequest).findOneBy({ stackId });
      if (!stack) throw new SignalRejected(404, 'NoSuchKey', `Stack ${stackId} does not exist`);
      const signal = parseSignal(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
      await this.unitOfWork.run(null, (tx) =>
        tx.publish(
          WaitConditionSignaled,
          {
            stackId,
            handleLogicalId: logicalId,
            ...signal,
            receivedAt: new Date().toISOString(),
          },
          stackId,
        ),
      );
      this.logger.log(`signal ${signal.status} (${signal.uniqueId}) for ${logicalId} of stack ${stack.stackName}`);
      response.status(200).end();
    } catch (error) {
      if (!(error instanceof SignalRejected)) throw error;
      response
        .status(error.status)
        .type('application/xml')
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`,
        );
    }
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
