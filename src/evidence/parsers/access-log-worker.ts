// A worker thread's part of a big JSON access log (see access-log-parallel.ts): scans its byte range
// and folds the calls as the collector would, then posts them, in first-seen order, to the main thread.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { distinctKey, mergeInto } from '../distinct.js';
import type { ObservedCall, ParseSink } from '../types.js';
import { JsonAccessLogScanner } from './access-log-bytes.js';
import type { RangeJob, RangeMessage } from './access-log-parallel.js';

class TooManyCalls extends Error {}

class Fold implements ParseSink {
  readonly distinct = new Map<string, ObservedCall>();
  skippedCount = 0;
  truncatedAt: { line: number; detail: string } | null = null;
  constructor(private readonly limit: number) {}
  call(call: ObservedCall): void {
    const key = distinctKey(call);
    const known = this.distinct.get(key);
    if (known) return mergeInto(known, call);
    if (this.distinct.size >= this.limit) throw new TooManyCalls();
    this.distinct.set(key, call);
  }
  change(): void {}
  skipped(count = 1): void {
    this.skippedCount += count;
  }
  truncated(line: number, detail: string): void {
    this.truncatedAt ??= { line, detail };
  }
}

const PROGRESS_EVERY = 16 * 1024 * 1024;

async function scanRange(job: RangeJob): Promise<RangeMessage> {
  const fold = new Fold(job.limit);
  const scanner = new JsonAccessLogScanner(job.file, job.kind, fold, job.planText);
  let unreported = 0;
  try {
    if (job.end > job.start) {
      const stream = createReadStream(job.file, {
        start: job.start,
        end: job.end - 1,
        highWaterMark: 1024 * 1024,
      });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        scanner.push(chunk);
        unreported += chunk.length;
        if (unreported >= PROGRESS_EVERY) {
          parentPort!.postMessage({ type: 'progress', bytes: unreported } satisfies RangeMessage);
          unreported = 0;
        }
      }
    }
    scanner.end();
  } catch (error) {
    if (error instanceof TooManyCalls) return { type: 'too-many' };
    const message = (error as Error).message;
    // `file:line: message` (the line counted within this range).
    const prefix = `${job.file}:`;
    const at = /^(\d+): /.exec(message.slice(prefix.length));
    return message.startsWith(prefix) && at
      ? { type: 'error', line: Number(at[1]), message: message.slice(prefix.length + at[0].length) }
      : { type: 'error', line: null, message };
  }
  return {
    type: 'done',
    calls: [...fold.distinct.values()],
    skipped: fold.skippedCount,
    truncated: fold.truncatedAt,
    lines: scanner.lines,
    bytes: unreported,
  };
}

parentPort!.postMessage(await scanRange(workerData as RangeJob));
