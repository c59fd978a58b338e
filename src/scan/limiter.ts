import { performance } from 'node:perf_hooks';

/**
 * Client-side rate limiting for the fleet scan, after AWS's fixed management-API quotas ("per account",
 * which we read as shared across the account's regions): 10 requests/s with a burst of 40, and
 * GetResources 5 every 2 s. A small margin under each quota absorbs the jitter between the moment a
 * request leaves and the moment AWS counts it, so the scan itself never meets a TooManyRequestsException.
 */
export const QUOTA = { perSecond: 10, burst: 40, getResourcesPerSecond: 2.5, getResourcesBurst: 5 } as const;
/** Sustained rate as a share of the quota. */
const MARGIN = 0.95;
/**
 * Burst tokens held back: AWS counts a request when it arrives, so requests sent evenly may arrive bunched
 * (a stalled event loop, a slow network hop). Holding back 12 of the 40 tokens (3 of GetResources' 5)
 * absorbs about a second of bunching.
 */
const BURST_RESERVE = 12;

/** A token bucket; the limiter takes tokens only at the moment a request is released. */
export class TokenBucket {
  #tokens: number;
  #last = performance.now();
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {
    this.#tokens = capacity;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
  }

  available(now = performance.now()): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  /** Milliseconds until a token is there (0: now). */
  msUntilToken(now = performance.now()): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) / this.perSecond) * 1000;
  }

  take(): void {
    this.#tokens -= 1;
  }

  /** After a throttling answer someone else spends this account's budget: start again from empty. */
  drain(): void {
    this.#refill(performance.now());
    this.#tokens = Math.min(this.#tokens, 0);
  }
}

export interface LimiterStats {
  /** HTTP requests sent (retries included). */
  requests: number;
  throttled: number;
  retries: number;
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

type Handler = (args: unknown) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface Stack {
  add: (middleware: Middleware, options: { step: string; name: string; priority?: string }) => void;
}

/** One per account: every SDK client of the account's session sends through it, whatever the region. */
export class AccountLimiter {
  readonly all: TokenBucket;
  readonly getResources: TokenBucket;
  readonly stats: LimiterStats = { requests: 0, throttled: 0, retries: 0 };

  constructor(
    maxRps?: number,
    readonly signal?: AbortSignal,
  ) {
    const rps = Math.min(QUOTA.perSecond, maxRps ?? QUOTA.perSecond);
    const burst = Math.max(1, Math.round(Math.min(QUOTA.burst, rps * 4) * (1 - BURST_RESERVE / QUOTA.burst)));
    this.all = new TokenBucket(burst, rps * MARGIN);
    this.getResources = new TokenBucket(
      QUOTA.getResourcesBurst - 3,
      Math.min(QUOTA.getResourcesPerSecond, rps) * MARGIN,
    );
    signal?.addEventListener('abort', () => this.#pump(), { once: true });
  }

  readonly #waiting: { getResources: boolean; release: () => void; fail: (e: unknown) => void }[] = [];
  #timer: NodeJS.Timeout | undefined;

  /**
   * Waits for this account's turn. Both buckets are charged at the moment of release, never ahead: a
   * GetResources call waits for both tokens at once, and meanwhile the calls behind it that need only
   * the account's token go first (FIFO among those that can go).
   */
  acquire(operation: string): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(this.signal.reason as Error);
    return new Promise((release, fail) => {
      this.#waiting.push({ getResources: operation === 'GetResources', release, fail });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.signal?.aborted) {
      for (const w of this.#waiting.splice(0)) w.fail(this.signal.reason);
      return;
    }
    const now = performance.now();
    while (this.#waiting.length > 0 && this.all.available(now)) {
      const index = this.#waiting.findIndex((w) => !w.getResources || this.getResources.available(now));
      if (index < 0) break;
      const [next] = this.#waiting.splice(index, 1);
      this.all.take();
      if (next!.getResources) this.getResources.take();
      next!.release();
    }
    if (this.#waiting.length === 0) return;
    const onlyGetResources = this.#waiting.every((w) => w.getResources);
    const wait = Math.max(
      this.all.msUntilToken(now),
      onlyGetResources ? this.getResources.msUntilToken(now) : 0,
    );
    this.#timer = setTimeout(() => this.#pump(), Math.max(1, Math.ceil(wait)));
  }

  /**
   * SDK middleware in the deserialize step: it runs once per HTTP attempt (after the retry strategy and
   * the signer), so retries wait for a token too and are counted.
   */
  attach(client: { middlewareStack: unknown }): void {
    const stack = client.middlewareStack as Stack;
    stack.add(
      (next, context) => {
        let attempt = 0;
        return async (args) => {
          const operation = (context.commandName ?? '').replace(/Command$/, '');
          await this.acquire(operation);
          this.stats.requests++;
          if (attempt++ > 0) this.stats.retries++;
          try {
            return await next(args);
          } catch (error) {
            const name = (error as { name?: string }).name ?? '';
            if (THROTTLING.has(name)) {
              this.stats.throttled++;
              this.all.drain();
              if (operation === 'GetResources') this.getResources.drain();
            }
            throw error;
          }
        };
      },
      { step: 'deserialize', name: 'apigwDoctorScanLimiter', priority: 'high' },
    );
  }
}
