import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { SimulatorModule } from './simulator.module';
import { SimulatorOptions, StartSimulatorOptions, resolveSimulatorOptions } from './simulator-options';
import { RealVmMode, decideRealVmMode } from './vm/real/real-vm-mode';

/** userdata may reach 1 MB of Base64 in CloudStack when POSTed; leave room for the other parameters. */
const FORM_BODY_LIMIT = '2mb';

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
  const realVms = await decideRealVmMode(resolved.realVms);
  const app = await NestFactory.create<NestExpressApplication>(SimulatorModule.forRoot(resolved, realVms), {
    bodyParser: false,
    logger: options.logger ?? false,
  });
  // Form bodies are kept raw: names such as tags[0].key must reach the signature check exactly as sent.
  app.useBodyParser('text', { type: 'application/x-www-form-urlencoded', limit: FORM_BODY_LIMIT });
  // JSON only for the operator endpoints (/simulator/faults, /simulator/accounts); CloudStack clients send forms.
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
