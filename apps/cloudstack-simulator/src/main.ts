import { Logger } from '@nestjs/common';
import { startSimulator } from './start-simulator';

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
    logger: ['log', 'warn', 'error'],
  });
  logger.log(`CloudStack API at ${simulator.apiUrl}`);
  if (!apiKey || !secretKey) {
    // Generated keys exist only in this process: print them, or nobody can sign a request.
    logger.log(`generated administrator keys: CLOUDSTACK_API_KEY=${simulator.apiKey} CLOUDSTACK_SECRET_KEY=${simulator.secretKey}`);
  }
}

void bootstrap();
