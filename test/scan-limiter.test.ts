import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountLimiter } from '../src/scan/limiter.js';

// The per-account limiter on its own: --max-rps lowers the pace, GetResources has its own bucket and
// does not hold up the calls behind it, and Ctrl-C releases every waiter.

async function times(limiter: AccountLimiter, operations: string[]): Promise<Map<number, number>> {
  const start = performance.now();
  const released = new Map<number, number>();
  await Promise.all(
    operations.map((op, i) => limiter.acquire(op).then(() => released.set(i, performance.now() - start))),
  );
  return released;
}

test('--max-rps 2: after a small burst, about two calls a second', async () => {
  const released = await times(new AccountLimiter(2), Array(10).fill('GetStages'));
  const last = Math.max(...released.values());
  // Burst 6 (28 of 40, scaled to 2/s), then 1.9/s: the tenth call after about 2.1 s.
  assert.ok(last >= 1900 && last < 3500, `${last} ms`);
});

test('GetResources waits for its own bucket while other calls go ahead', async () => {
  const ops = ['GetResources', 'GetResources', 'GetResources', 'GetResources', 'GetStages', 'GetStages'];
  const released = await times(new AccountLimiter(), ops);
  // Two GetResources at once (burst 2), the next two at 2.375/s; the GetStages calls behind them at once.
  assert.ok(released.get(4)! < 100 && released.get(5)! < 100, JSON.stringify([...released]));
  assert.ok(released.get(2)! >= 350, `third GetResources at ${released.get(2)} ms`);
  assert.ok(released.get(3)! >= 750, `fourth GetResources at ${released.get(3)} ms`);
});

test('an abort releases every waiting call with the abort reason', async () => {
  const controller = new AbortController();
  const limiter = new AccountLimiter(1, controller.signal);
  const waiting = Array.from({ length: 5 }, () =>
    limiter.acquire('GetStages').then(
      () => 'ok',
      (e: Error) => e.message,
    ),
  );
  controller.abort(new Error('interrupted'));
  const results = await Promise.all(waiting);
  // At 1/s the burst is 3: those go at once, the two others were waiting.
  assert.deepEqual(results, ['ok', 'ok', 'ok', 'interrupted', 'interrupted']);
});
