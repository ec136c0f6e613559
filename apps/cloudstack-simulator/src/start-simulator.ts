import { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { CloudStackApiEndpoint } from './api/cloudstack-api-endpoint';
import { serveCloudStackApiAhead } from './api/cloudstack-api-listener';
import { SimulatorModule } from './simulator.module';
import { resolveSimulatorOptions, SimulatorOptions, StartSimulatorOptions } from './simulator-options';
import { checkAccountSeeds } from './state/account-seeds';
import { decideRealVmMode, RealVmMode } from './vm/real/real-vm-mode';

export interface SimulatorApp {
  app: NestExpressApplication;
  options: SimulatorOptions;
  /** Whether VMs are real hosts here, and why (or why not). */
  realVms: RealVmMode;
}

export interface RunningSimulator {
  /** Base address, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The CloudStack endpoint, `${url}/client/api`. */
  apiUrl: string;
  apiKey: string;
  secretKey: string;
  /** Whether VMs are real hosts here, and why (or why not). */
  realVms: RealVmMode;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/** Builds the simulator application without listening. */
export async function createSimulatorApp(options: StartSimulatorOptions = {}): Promise<SimulatorApp> {
  const resolved = resolveSimulatorOptions(options);
  checkAccountSeeds(resolved.accounts ?? [], resolved.apiKey);
  const realVms = await decideRealVmMode(resolved.realVms);
  const app = await NestFactory.create<NestExpressApplication>(SimulatorModule.forRoot(resolved, realVms), {
    bodyParser: false,
    logger: options.logger ?? false,
  });
  // The CloudStack API reads its own requests (form bodies kept raw: names such as tags[0].key must reach the
  // signature check exactly as sent); Express serves the rest.
  serveCloudStackApiAhead(app.getHttpServer(), app.get(CloudStackApiEndpoint));
  // JSON only for the operator endpoints (/simulator/faults, /simulator/accounts).
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  if (!realVms.enabled && resolved.realVms !== 'off') {
    new Logger('CloudStackSimulator').warn(`API-only: VMs are records, not real hosts (${realVms.reason})`);
  }
  return { app, options: resolved, realVms };
}

/** Starts the simulator on host:port (port 0 picks a free one) and returns where it listens. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const { app, options: resolved, realVms } = await createSimulatorApp(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen(options.port ?? 0, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    apiUrl: `${url}/client/api`,
    apiKey: resolved.apiKey,
    secretKey: resolved.secretKey,
    realVms,
    app,
    close: () => app.close(),
  };
}
