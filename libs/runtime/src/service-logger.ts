import { ConsoleLogger } from '@nestjs/common';

/** One logger per process, prefixed with the app's name so `start:all` output can be told apart. */
export function createServiceLogger(appName: string): ConsoleLogger {
  return new ConsoleLogger(appName, { timestamp: true });
}
