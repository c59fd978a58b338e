import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../model/errors.js';
import { inputErrorAt } from '../source.js';
import type { EvidenceKind, ObservedCall, ParseSink } from '../types.js';
import { planTextOf } from './access-log-bytes.js';

export interface RangeJob {
  file: string;
  start: number;
  end: number;
  kind: EvidenceKind;
  planText: string;
  /** Distinct calls the range may hand back; beyond that the whole file is scanned in one pass. */
  limit: number;
}

export type RangeMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'too-many' }
  /** The worker could not run (not loaded, out of memory): the file is read in one pass instead. */
  | { type: 'failed' }
  | { type: 'error'; line: number | null; message: string }
  | {
      type: 'done';
      calls: ObservedCall[];
      skipped: number;
      truncated: { line: number; detail: string } | null;
      lines: number;
      bytes: number;
    };

/** Byte offsets that cut the file into `parts` ranges, each (but the last) ending with a newline. */
function splitAtNewlines(file: string, size: number, parts: number): number[] {
  const bounds = [0];
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor((size * k) / parts), bounds[bounds.length - 1]!);
      let cut = size;
      while (at < size) {
        const n = readSync(fd, block, 0, block.length, at);
        if (n <= 0) break;
        const nl = block.subarray(0, n).indexOf(10);
        if (nl >= 0) {
          cut = at + nl + 1;
          break;
        }
        at += n;
      }
      bounds.push(cut);
    }
  } finally {
    closeSync(fd);
  }
  bounds.push(size);
  return bounds;
}

function runRange(job: RangeJob, onBytes: (n: number) => void): Promise<RangeMessage> {
  return new Promise((resolve) => {
    // Next to this module both in dist/src and in the dist/cli bundle (scripts/bundle.mjs emits it).
    const worker = new Worker(new URL('./access-log-worker.js', import.meta.url), { workerData: job });
    let result: RangeMessage | null = null;
    worker.on('message', (message: RangeMessage) => {
      if (message.type === 'progress') onBytes(message.bytes);
      else result = message;
    });
    worker.once('error', () => resolve({ type: 'failed' }));
    worker.once('exit', () => resolve(result ?? { type: 'failed' }));
  });
}

/**
 * A big JSON access log in parallel: newline-aligned byte ranges scanned by worker threads, each
 * folding its calls in first-seen order; the folds are handed on range by range with their line
 * numbers shifted, which is what one pass would hand on. False (nothing handed on) when the file
 * does not suit: then the caller scans it in one pass.
 */
export async function scanJsonAccessLogParallel(
  file: string,
  head: string,
  kind: EvidenceKind,
  sink: ParseSink,
  workers: number,
  onBytes: (n: number) => void,
): Promise<boolean> {
  const planText = planTextOf(head);
  if (planText === undefined) return false;
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  const room = Math.min(sink.room?.() ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const bounds = splitAtNewlines(file, size, workers);
  const jobs: RangeJob[] = [];
  for (let k = 0; k + 1 < bounds.length; k++)
    jobs.push({ file, start: bounds[k]!, end: bounds[k + 1]!, kind, planText, limit: room });
  const results = await Promise.all(jobs.map((job) => runRange(job, onBytes)));
  let distinct = 0;
  for (const r of results) {
    if (r.type === 'too-many' || r.type === 'failed') return false;
    if (r.type === 'done') distinct += r.calls.length;
  }
  // Only when no call could be turned away by the sink is the merge exact.
  if (distinct > room) return false;
  let offset = 0;
  for (const r of results) {
    if (r.type === 'error') {
      if (r.line === null) throw new InputError(r.message);
      throw inputErrorAt(file, offset + r.line, r.message);
    }
    if (r.type !== 'done') continue;
    onBytes(r.bytes);
    for (const call of r.calls) {
      call.line += offset;
      sink.call(call);
    }
    if (r.skipped > 0) sink.skipped(r.skipped);
    if (r.truncated) sink.truncated(offset + r.truncated.line, r.truncated.detail);
    offset += r.lines;
  }
  return true;
}
