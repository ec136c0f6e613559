import { Logger, LogLevel } from '@nestjs/common';

import { simulatorFaultsFromEnv } from './faults/simulator-faults';
import { startSimulator } from './start-simulator';
import { accountSeedsFromEnv } from './state/account-seeds';
import { parseRealVmsSetting } from './vm/real/real-vm-settings';

async function bootstrap(): Promise<void> {
  const logger = new Logger('CloudStackSimulator');
  const apiKey = process.env.CLOUDSTACK_API_KEY || undefined;
  const secretKey = process.env.CLOUDSTACK_SECRET_KEY || undefined;
  const simulator = await startSimulator({
    port: Number(process.env.SIM_PORT ?? 8080),
    host: process.env.SIM_HOST ?? '127.0.0.1',
    apiKey,
    secretKey,
    deployLatencyMs: Number(process.env.SIM_DEPLOY_LATENCY_MS ?? 0),
    faults: simulatorFaultsFromEnv(),
    accounts: accountSeedsFromEnv(),
    realVms: parseRealVmsSetting(process.env.SIM_REAL_VMS),
    guestCidr: process.env.SIM_GUEST_CIDR || undefined,
    bridgeName: process.env.SIM_BRIDGE || undefined,
    vmStateDir: process.env.SIM_STATE_DIR || undefined,
    logger: simulatorLogLevels(process.env.SIM_LOG_LEVEL),
  });
  logger.log(`CloudStack API at ${simulator.apiUrl}`);
  if (!apiKey || !secretKey) {
    // Generated keys exist only in this process: print them, or nobody can sign a request.
    logger.log(
      `generated administrator keys: CLOUDSTACK_API_KEY=${simulator.apiKey} CLOUDSTACK_SECRET_KEY=${simulator.secretKey}`,
    );
  }
}

/**
 * `SIM_LOG_LEVEL`: `log` (default: a line per API request), `warn` or `error`. A benchmark sets `warn`: the simulator
 * stands for a cloud on other machines, and its line per request would take CPU from the services measured.
 */
function simulatorLogLevels(level: string | undefined): LogLevel[] {
  const levels: LogLevel[] = ['error', 'warn', 'log'];
  const upTo = levels.indexOf((level ?? 'log') as LogLevel);
  if (upTo < 0) throw new Error(`SIM_LOG_LEVEL must be one of ${levels.join(', ')}, not ${level}`);
  return levels.slice(0, upTo + 1);
}

void bootstrap();
