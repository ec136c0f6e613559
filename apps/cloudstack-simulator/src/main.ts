import { Logger } from '@nestjs/common';
import { startSimulator } from './start-simulator';
import { simulatorFaultsFromEnv } from './faults/simulator-faults';
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
    logger: ['log', 'warn', 'error'],
  });
  logger.log(`CloudStack API at ${simulator.apiUrl}`);
  if (!apiKey || !secretKey) {
    // Generated keys exist only in this process: print them, or nobody can sign a request.
    logger.log(`generated administrator keys: CLOUDSTACK_API_KEY=${simulator.apiKey} CLOUDSTACK_SECRET_KEY=${simulator.secretKey}`);
  }
}

void bootstrap();
