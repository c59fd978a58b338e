import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { diagnose, type Diagnosis } from '../diagnose/run.js';
import type { Finding } from '../diagnose/rule.js';
import { InputError } from '../model/errors.js';
import type { Inventory } from '../model/types.js';
import type { LiveAnswer } from '../probe/types.js';
import { classify, GENERIC_CAUSES } from './classify.js';
import { detectKind } from './detect.js';
import { distinctKey, mergeInto } from './distinct.js';
import { parseAwsCliDebug } from './parsers/aws-cli.js';
import { parseCloudTrail } from './parsers/cloudtrail.js';
import { parseCurl } from './parsers/curl.js';
import { parseHar } from './parsers/har.js';
import { scanJsonAccessLog } from './parsers/access-log-fast.js';
import { scanJsonAccessLogParallel } from './parsers/access-log-parallel.js';
import { parseFilterLogEvents, parseLogLines } from './parsers/log-lines.js';
import { openSource, type EvidenceSource } from './source.js';
import {
  CLASSIFICATION_LABELS,
  KIND_LABELS,
  type Classification,
  type EvidenceKind,
  type ObservedCall,
  type ObservedChange,
  type ParseSink,
} from './types.js';

export interface FileSummary {
  file: string;
  kind: EvidenceKind;
  label: string;
  /** Calls to API Gateway found (aggregated records count each call). */
  calls: number;
  /** Records that were not calls to API Gateway. */
  skipped: number;
  truncatedAtLine: number | null;
  truncatedDetail: string | null;
}

export interface CallGroup {
  summary: string;
  ok: boolean;
  plane: 'data' | 'management';
  method: string;
  operation: string | null;
  path: string;
  host: string | null;
  apiId: string | null;
  stage: string | null;
  classification: Classification;
  statuses: number[];
  count: number;
  firstTime: string | null;
  lastTime: string | null;
  errorType: string | null;
  errorMessage: string | null;
  cause: { id: string; title: string; severity: string } | null;
  /** The first finding of the diagnosis (with its fix), when a configuration was given. */
  finding: Finding | null;
  /** Whether a configuration was given and the calls were diagnosed with it. */
  diagnosed: boolean;
  notes: string[];
  examples: { file: string; line: number }[];
}

export interface ExplainReport {
  files: FileSummary[];
  groups: CallGroup[];
  changes: ObservedChange[];
  totals: { calls: number; failed: number; ok: number; distinct: number; groups: number };
  configuration: string | null;
  /** Calls not grouped because the evidence held more distinct calls than the cap. */
  overflow: number;
}

export interface ExplainOptions {
  files: string[];
  inventory: Inventory | null;
  configuration: string | null;
  stdin?: Readable;
  /** The API of calls whose evidence names no host (CLF access logs, execution logs). */
  apiId?: string;
  onProgress?: (source: EvidenceSource) => void;
  onFileDone?: (source: EvidenceSource) => void;
  /**
   * JSON access logs of at least `minBytes` (regular files, not gzip) are scanned by this many worker
   * threads; defaults: the CPUs available (at most 4), 64 MiB.
   */
  parallel?: { workers?: number; minBytes?: number };
  /** Parse every JSON access-log record in full (slow; the reference the fast scanner is checked against). */
  plainAccessLogs?: boolean;
}

const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

const MAX_DISTINCT_CALLS = 100_000;

class Collector implements ParseSink {
  readonly distinct = new Map<string, ObservedCall>();
  readonly changes: ObservedChange[] = [];
  overflow = 0;
  current: FileSummary | null = null;

  call(call: ObservedCall): void {
    if (this.current) this.current.calls += call.count;
    const key = distinctKey(call);
    const known = this.distinct.get(key);
    if (!known) {
      if (this.distinct.size >= MAX_DISTINCT_CALLS) {
        this.overflow += call.count;
        return;
      }
      this.distinct.set(key, call);
      return;
    }
    mergeInto(known, call);
  }
  room(): number {
    return MAX_DISTINCT_CALLS - this.distinct.size;
  }
  change(change: ObservedChange): void {
    if (this.changes.length < 10_000) this.changes.push(change);
  }
  skipped(count = 1): void {
    if (this.current) this.current.skipped += count;
  }
  truncated(line: number, detail: string): void {
    if (this.current && this.current.truncatedAtLine === null) {
      this.current.truncatedAtLine = line;
      this.current.truncatedDetail = detail;
    }
  }
}

/** A big JSON access log on disk, scanned by worker threads; false when it does not suit. */
async function parseInParallel(
  source: EvidenceSource,
  sink: ParseSink,
  parallel: ExplainOptions['parallel'],
): Promise<boolean> {
  const workers = parallel?.workers ?? Math.min(availableParallelism(), 4);
  const minBytes = parallel?.minBytes ?? PARALLEL_MIN_BYTES;
  if (workers < 2 || source.name === '-' || source.gzip || source.size === null || source.size < minBytes)
    return false;
  let read = 0;
  const bytesRead = source.bytesRead;
  const headBytes = source.bytesRead();
  const done = await scanJsonAccessLogParallel(
    source.name,
    source.head,
    'access-log-json',
    sink,
    workers,
    (n) => {
      read += n;
      source.bytesRead = () => Math.max(headBytes, read);
    },
  );
  if (done) source.close();
  else source.bytesRead = bytesRead;
  return done;
}

async function parseSource(
  source: EvidenceSource,
  kind: EvidenceKind,
  sink: ParseSink,
  options: Pick<ExplainOptions, 'parallel' | 'plainAccessLogs'>,
): Promise<void> {
  const plain = options.plainAccessLogs === true;
  if (kind === 'access-log-json' && !plain && (await parseInParallel(source, sink, options.parallel))) return;
  const chunks = source.chunks();
  switch (kind) {
    case 'har':
      return parseHar(chunks, source.name, sink);
    case 'curl-verbose':
    case 'curl-include':
      return parseCurl(chunks, source.name, kind, sink);
    case 'aws-cli-debug':
      return parseAwsCliDebug(chunks, source.name, sink);
    case 'cloudtrail-event':
    case 'cloudtrail-records':
    case 'cloudtrail-lookup-events':
    case 'cloudtrail-lake':
    case 'cloudtrail-lines':
      return parseCloudTrail(chunks, source.name, kind, sink);
    case 'access-log-json':
      await scanJsonAccessLog(chunks, source.name, kind, sink, plain);
      return;
    case 'access-log-clf':
    case 'execution-log':
      return parseLogLines(chunks, source.name, kind, sink);
    case 'cloudwatch-filter-log-events':
      return parseFilterLogEvents(chunks, source.name, sink);
  }
}

/** The kind of one file, by content. */
export async function detectFile(
  file: string,
  stdin?: Readable,
): Promise<{ source: EvidenceSource; kind: EvidenceKind }> {
  const source = await openSource(file, stdin);
  const kind = detectKind(source.head);
  if (!kind) {
    throw new InputError(
      `${file}:1: not evidence apigw-doctor can read (expected a HAR, a curl -v/-i transcript, an AWS CLI --debug log, CloudTrail events, or API Gateway access/execution logs)`,
    );
  }
  return { source, kind };
}

/** Reads every file (streaming), groups the calls to API Gateway by cause, diagnosing them when a configuration is given. */
export async function explainEvidence(options: ExplainOptions): Promise<ExplainReport> {
  const collector = new Collector();
  const files: FileSummary[] = [];
  for (const file of options.files) {
    const { source, kind } = await detectFile(file, options.stdin);
    const summary: FileSummary = {
      file,
      kind,
      label: KIND_LABELS[kind],
      calls: 0,
      skipped: 0,
      truncatedAtLine: null,
      truncatedDetail: null,
    };
    files.push(summary);
    collector.current = summary;
    const progress = options.onProgress ? setInterval(() => options.onProgress?.(source), 200) : null;
    try {
      await parseSource(source, kind, collector, options);
    } finally {
      if (progress) clearInterval(progress);
      options.onFileDone?.(source);
    }
  }
  collector.current = null;
  const groups = groupCalls([...collector.distinct.values()], options.inventory, options.apiId ?? null);
  const calls = groups.reduce((n, g) => n + g.count, 0);
  const ok = groups.filter((g) => g.ok).reduce((n, g) => n + g.count, 0);
  return {
    files,
    groups,
    changes: collector.changes.sort((a, b) => (a.time ?? 0) - (b.time ?? 0)),
    totals: { calls, failed: calls - ok, ok, distinct: collector.distinct.size, groups: groups.length },
    configuration: options.configuration,
    overflow: collector.overflow,
  };
}

/** The invoke URL a call was made to, when the evidence (or the configuration) names the host. */
function invokeUrl(call: ObservedCall, inventory: Inventory, defaultApiId: string | null): string | null {
  if (call.path === '?' || call.method === '?') return null;
  let host = call.host?.split(':')[0] ?? null;
  if (!host || host === '127.0.0.1' || host === 'localhost') {
    const api =
      (call.apiId ? inventory.apis.find((a) => a.id === call.apiId) : undefined) ??
      (defaultApiId ? inventory.apis.find((a) => a.id === defaultApiId) : undefined) ??
      (inventory.apis.filter((a) => !a.placeholder).length === 1
        ? inventory.apis.find((a) => !a.placeholder)
        : undefined);
    if (!api) return null;
    host = `${api.id}.execute-api.${call.region ?? api.region ?? 'us-east-1'}.amazonaws.com`;
  }
  const query = call.url?.includes('?') ? call.url.slice(call.url.indexOf('?')) : '';
  return `https://${host}${call.path}${query}`;
}

function liveAnswer(call: ObservedCall, url: string): LiveAnswer | null {
  // Only evidence that recorded the answer's headers can say who answered; logs are compared below instead.
  if (call.kind !== 'har' && call.kind !== 'curl-verbose' && call.kind !== 'curl-include') return null;
  return {
    method: call.method,
    url,
    status: call.status,
    headers: call.responseHeaders,
    body: call.body,
    elapsedMs: 0,
  };
}

interface Diagnosed {
  diagnosis: Diagnosis | null;
  cause: { id: string; title: string; severity: string } | null;
  finding: Finding | null;
  notes: string[];
}

function diagnoseCall(
  call: ObservedCall,
  cls: Classification,
  inventory: Inventory | null,
  cache: Map<string, Diagnosed>,
  defaultApiId: string | null,
): Diagnosed {
  const generic = (): Diagnosed => ({
    diagnosis: null,
    cause:
      cls === 'ok'
        ? null
        : { id: cls, title: GENERIC_CAUSES[cls] ?? CLASSIFICATION_LABELS[cls], severity: 'error' },
    finding: null,
    notes: [],
  });
  if (!inventory || call.plane !== 'data') return generic();
  // Execution logs name the resource but not the stage unless a message says it: no URL to simulate.
  if (call.kind === 'execution-log' && call.stage === null) return generic();
  const url = invokeUrl(call, inventory, defaultApiId);
  if (!url) return generic();
  const headers: Record<string, string> = { ...call.requestHeaders };
  delete headers.host;
  // IncompleteSignature means an Authorization header was sent, even when a log does not show it.
  if (cls === 'incomplete-signature' && headers.authorization === undefined)
    headers.authorization = 'Bearer [redacted]';
  const live = liveAnswer(call, url);
  const key = JSON.stringify([
    cls,
    call.status,
    call.method,
    url,
    headers.authorization?.split(' ')[0],
    headers['x-api-key'] !== undefined,
    live?.status,
    live?.headers['x-amzn-errortype'],
  ]);
  const cached = cache.get(key);
  if (cached) return cached;
  const request = { method: call.method, url, headers, now: new Date(call.firstTime ?? Date.now()) };
  const diagnosis = diagnose(inventory, request, live);
  const notes: string[] = [];
  const errors = diagnosis.findings.filter((f) => f.severity === 'error');
  let first: Finding | null = errors[0] ?? null;
  const predicted = diagnosis.simulation.response?.status ?? null;
  if (cls !== 'ok' && first === null) {
    if (predicted !== null && call.status !== null && predicted !== call.status)
      notes.push(
        `the configuration given predicts ${predicted} for this call, but the evidence shows ${call.status}: the configuration may have changed since`,
      );
    const result: Diagnosed = { ...generic(), diagnosis, notes };
    cache.set(key, result);
    return result;
  }
  if (cls === 'ok') first = null;
  if (!live && predicted !== null && call.status !== null && predicted !== call.status && first)
    notes.push(`the configuration given predicts ${predicted}, the evidence shows ${call.status}`);
  const result: Diagnosed = {
    diagnosis,
    cause: first ? { id: first.id, title: first.title, severity: first.severity } : null,
    finding: first,
    notes,
  };
  cache.set(key, result);
  return result;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function callLabel(g: Pick<CallGroup, 'plane' | 'method' | 'operation' | 'path'>): string {
  if (g.plane === 'management' && g.operation && g.path === '/') return g.operation;
  if (g.plane === 'management' && g.operation)
    return g.operation === g.method ? `${g.operation} ${g.path}` : `${g.operation} (${g.method} ${g.path})`;
  return `${g.method} ${g.path}`;
}

/** `between 10:02 and 10:40`, `at 10:02`; with the date when the evidence spans several days. */
export function timeRange(first: string | null, last: string | null, withDate: boolean): string {
  if (!first || !last) return '';
  const fmt = (t: string) => (withDate ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : t.slice(11, 16));
  return fmt(first) === fmt(last) ? `at ${fmt(first)}` : `between ${fmt(first)} and ${fmt(last)}`;
}

function groupCalls(
  calls: ObservedCall[],
  inventory: Inventory | null,
  defaultApiId: string | null,
): CallGroup[] {
  const cache = new Map<string, Diagnosed>();
  const groups = new Map<
    string,
    { group: CallGroup; first: number | null; last: number | null; statuses: Set<number> }
  >();
  for (const call of calls) {
    const cls = classify(call);
    const d = diagnoseCall(call, cls, inventory, cache, defaultApiId);
    const route = d.diagnosis?.simulation.route;
    const stageName = d.diagnosis?.simulation.stage?.name;
    // Calls that reached a route are grouped by its template (…/products/{productId}).
    const path =
      route && stageName && call.path.startsWith(`/${stageName}/`)
        ? `/${stageName}${route.resourcePath}`
        : call.path;
    const key = [
      call.plane,
      call.operation ?? call.method,
      call.method,
      path,
      cls,
      d.cause?.id ?? '',
      d.cause?.title ?? '',
    ].join('\u0001');
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        group: {
          summary: '',
          ok: cls === 'ok',
          plane: call.plane,
          method: call.method,
          operation: call.operation,
          path,
          host: call.host,
          apiId: call.apiId ?? d.diagnosis?.simulation.api?.id ?? null,
          stage: call.stage ?? d.diagnosis?.simulation.stage?.name ?? null,
          classification: cls,
          statuses: [],
          count: 0,
          firstTime: null,
          lastTime: null,
          errorType: call.errorType ?? call.responseType,
          errorMessage: call.errorMessage,
          cause: d.cause,
          finding: d.finding,
          diagnosed: d.diagnosis !== null,
          notes: [...d.notes],
          examples: [],
        },
        first: null,
        last: null,
        statuses: new Set(),
      };
      groups.set(key, entry);
    }
    const g = entry.group;
    g.count += call.count;
    if (call.status !== null) entry.statuses.add(call.status);
    if (call.firstTime !== null && (entry.first === null || call.firstTime < entry.first))
      entry.first = call.firstTime;
    if (call.lastTime !== null && (entry.last === null || call.lastTime > entry.last))
      entry.last = call.lastTime;
    if (g.examples.length < 3) g.examples.push({ file: call.file, line: call.line });
    for (const note of call.notes)
      if (g.notes.length < 6 && !g.notes.includes(note) && !/^request /.test(note)) g.notes.push(note);
  }
  const list = [...groups.values()].map(({ group, first, last, statuses }) => {
    group.firstTime = iso(first);
    group.lastTime = iso(last);
    group.statuses = [...statuses].sort((a, b) => a - b);
    return group;
  });
  const days = new Set(
    list
      .flatMap((g) => [g.firstTime, g.lastTime])
      .filter(Boolean)
      .map((t) => t!.slice(0, 10)),
  );
  for (const g of list) {
    const range = timeRange(g.firstTime, g.lastTime, days.size > 1);
    const n = `${g.count} call${g.count === 1 ? '' : 's'} to ${callLabel(g)}`;
    g.summary = g.ok
      ? `${n} succeeded${range ? ` ${range}` : ''}`
      : `${n} failed${range ? ` ${range}` : ''}: ${g.cause?.title ?? CLASSIFICATION_LABELS[g.classification]}`;
  }
  return list.sort(
    (a, b) => Number(a.ok) - Number(b.ok) || b.count - a.count || a.summary.localeCompare(b.summary),
  );
}
