import { performance } from 'node:perf_hooks';

/**
 * Client-side rate limiting for the fleet scan, after AWS's fixed management-API quotas ("per account",
 * which we read as shared across the account's regions): 10 requests/s with a burst of 40, and
 * GetResources 5 every 2 s. A small margin under each quota absorbs the jitter between the moment a
 * request leaves and the moment AWS counts it, so the scan itself never meets a TooManyRequestsException.
 */
export const QUOTA = { perSecond: 10, burst: 40, getResourcesPerSecond: 2.5, getResourcesBurst: 5 } as const;
const MARGIN = 0.95;

/** A token bucket that hands out reservations: each caller learns when its token is due, in FIFO order. */
export class TokenBucket {
  #tokens: number;
  #last = performance.now();
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {
    this.#tokens = capacity;
  }

  /** Reserves one token; resolves when it may be spent. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    const waitMs = (-this.#tokens / this.perSecond) * 1000;
    await sleep(waitMs, signal);
  }

  /** After a throttling answer someone else spends this account's budget: start again from empty. */
  drain(): void {
    this.#tokens = Math.min(this.#tokens, 0);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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

  constructor(maxRps?: number, readonly signal?: AbortSignal) {
    const rps = Math.min(QUOTA.perSecond, maxRps ?? QUOTA.perSecond);
    const burst = Math.max(1, Math.min(QUOTA.burst, Math.round(rps * 4)) - 4);
    this.all = new TokenBucket(burst, rps * MARGIN);
    this.getResources = new TokenBucket(
      QUOTA.getResourcesBurst - 1,
      Math.min(QUOTA.getResourcesPerSecond, rps) * MARGIN,
    );
  }

  async acquire(operation: string): Promise<void> {
    if (operation === 'GetResources') await this.getResources.take(this.signal);
    await this.all.take(this.signal);
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
            }
            throw error;
          }
        };
      },
      { step: 'deserialize', name: 'apigwDoctorScanLimiter', priority: 'high' },
    );
  }
}
