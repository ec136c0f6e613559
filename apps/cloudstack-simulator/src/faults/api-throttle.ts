import { ThrottleSettings } from './simulator-faults';

interface Window {
  startedAt: number;
  calls: number;
}

/**
 * CloudStack's ApiRateLimitService: at most `max` calls per account in each interval (fixed windows that start with
 * the account's first call), the rest refused until the window ends.
 */
export class ApiThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly settings: ThrottleSettings | undefined) {}

  /** Counts the call; returns undefined when allowed, else how many ms until the account may call again. */
  admit(accountId: string, now = Date.now()): number | undefined {
    if (!this.settings) return undefined;
    const intervalMs = (this.settings.intervalSeconds ?? 1) * 1000;
    let window = this.windows.get(accountId);
    if (!window || now - window.startedAt >= intervalMs) {
      window = { startedAt: now, calls: 0 };
      this.windows.set(accountId, window);
    }
    window.calls += 1;
    if (window.calls <= this.settings.max) return undefined;
    return Math.max(1, window.startedAt + intervalMs - now);
  }
}
