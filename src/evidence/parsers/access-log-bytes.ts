import { numberOrNull, parseTime } from '../common.js';
import {
  flatten,
  learnRoles,
  callFromRoles,
  jsonRecordCall,
  handleAccessCall,
  type Role,
  type RoleValues,
} from './access-log.js';
import { emptyCall, type EvidenceKind, type ObservedCall, type ParseSink } from '../types.js';
import type { DoctorError } from '../../model/errors.js';

/** Roles that make two records "the same call" (time and request id left out). */
const KEY_ROLES = new Set<Role>([
  'method',
  'path',
  'resourcePath',
  'routeKey',
  'status',
  'stage',
  'apiId',
  'domainName',
  'responseType',
  'errorMessage',
  'integrationStatus',
  'integrationError',
]);
/** Distinct calls counted in place before their counts are handed on (bounds memory). */
const MAX_DISTINCT = 50_000;

const FIELD_OTHER = 0;
const FIELD_KEY = 1;
const FIELD_TIME = 2;
const FIELD_EPOCH = 3;

interface Field {
  role: Role;
  /** The `"key"`s leading to the value, as bytes (parents first; shared parents searched once). */
  needles: Uint8Array[];
  use: number;
}

/**
 * Learns the record layout from one line: JSON access logs come from one `$context` template, so the
 * fields come in the same order on every line. A nested field ("integration"."status") is found by
 * searching its parents first, so a name used at two levels is still found at the right one.
 */
function learnPlan(text: string): Field[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const roles = learnRoles(Object.keys(flatten(parsed)));
  const fields: { role: Role; needles: string[]; at: number }[] = [];
  for (const [role, key] of Object.entries(roles) as [Role, string][]) {
    const needles = key.split('.').map((part) => `"${part}"`);
    let at = 0;
    for (const needle of needles) {
      at = text.indexOf(needle, at);
      if (at < 0) return null;
      at += needle.length;
    }
    fields.push({ role, needles, at });
  }
  fields.sort((a, b) => a.at - b.at);
  // Sequential search only works when each field comes after the one before it.
  for (let i = 1; i < fields.length; i++) if (fields[i]!.at === fields[i - 1]!.at) return null;
  // Siblings inside one object ("error"."message", "error"."responseType") search the parent only once.
  return fields.map(({ role, needles }, i) => {
    const previous = i > 0 ? fields[i - 1]!.needles : [];
    let shared = 0;
    while (
      shared < needles.length - 1 &&
      shared < previous.length - 1 &&
      needles[shared] === previous[shared]
    )
      shared++;
    return {
      role,
      needles: needles.slice(shared).map((n) => Buffer.from(n, 'utf8')),
      use: KEY_ROLES.has(role)
        ? FIELD_KEY
        : role === 'time'
          ? FIELD_TIME
          : role === 'epoch'
            ? FIELD_EPOCH
            : FIELD_OTHER,
    };
  });
}

interface Aggregate {
  key: Uint8Array;
  /** The next aggregate with the same hash. */
  next: Aggregate | null;
  /** The call handed on at the first record; later records are counted here and handed on as a delta. */
  call: ObservedCall;
  skipped: boolean;
  count: number;
  first: number | null;
  last: number | null;
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const CLOSE_BRACE = 125;
const OPEN_BRACE = 123;
const CR = 13;
const NEWLINE = 10;

function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array): boolean {
  if (aEnd - aStart !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[aStart + i] !== b[i]) return false;
  return true;
}

/**
 * The record a scan of the whole text would learn its layout from: the first non-blank line with a
 * `{` (after any time prefix). Undefined when the head holds no complete such line.
 */
export function planTextOf(head: string): string | undefined {
  let start = 0;
  for (;;) {
    const nl = head.indexOf('\n', start);
    if (nl < 0) return undefined;
    let end = nl;
    while (end > start && (head.charCodeAt(end - 1) === CR || head.charCodeAt(end - 1) === SPACE)) end--;
    const brace = head.indexOf('{', start);
    if (end > start && brace >= 0 && brace < end) return head.slice(brace, end);
    start = nl + 1;
  }
}

/** A copy of a call (spelled out: spreading calls is slow in V8). */
function cloneCall(c: ObservedCall): ObservedCall {
  const copy = emptyCall({
    file: c.file,
    line: c.line,
    kind: c.kind,
    plane: c.plane,
    method: c.method,
    path: c.path,
  });
  copy.firstTime = c.firstTime;
  copy.lastTime = c.lastTime;
  copy.count = c.count;
  copy.operation = c.operation;
  copy.url = c.url;
  copy.host = c.host;
  copy.apiId = c.apiId;
  copy.stage = c.stage;
  copy.region = c.region;
  copy.status = c.status;
  copy.requestHeaders = { ...c.requestHeaders };
  copy.responseHeaders = { ...c.responseHeaders };
  copy.body = c.body;
  copy.errorType = c.errorType;
  copy.errorMessage = c.errorMessage;
  copy.responseType = c.responseType;
  copy.integrationStatus = c.integrationStatus;
  copy.integrationError = c.integrationError;
  copy.origin = c.origin;
  copy.notes = [...c.notes];
  return copy;
}

/** A raw (unquoted) JSON number, as JSON.parse reads it; null for anything else (true, false…). */
function rawNumber(buf: Buffer, start: number, end: number): number | null {
  const text = buf.toString('latin1', start, end);
  if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * JSON access logs at the speed of the disk, on bytes: each line is searched for the few fields the
 * classification needs, in the order the template writes them; only the values of a call not seen
 * before are decoded. Records that do not fit the learned layout are parsed in full. A record hands
 * its call on when its kind of call is first seen (so the order is that of a full parse); the others
 * are counted in place and handed on as one delta, so memory stays bounded by the distinct calls.
 */
export class JsonAccessLogScanner {
  private plan: Field[] | null | undefined;
  private lineNumber = 0;
  private carry: Buffer | null = null;
  private readonly index = new Map<number, Aggregate>();
  private readonly aggregates: Aggregate[] = [];
  private keyBytes = new Uint8Array(4096);
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);
  /** 1: quoted string, 0: raw, 2: raw `null`. */
  private readonly shapes = new Uint8Array(64);
  /** Where in the plan the key fields, the epoch and the request time are. */
  private keyFields = new Int32Array(0);
  private epochField = -1;
  private timeField = -1;
  private lastTimeBytes = new Uint8Array(0);
  private lastTime: number | null = null;
  private lastPrefixBytes = new Uint8Array(0);
  private lastPrefixTime: number | null = null;

  /**
   * `planText`: the record to learn the layout from (a part of a file learns it from the file's first
   * record); null: no layout, every record is parsed in full.
   */
  constructor(
    private readonly file: string,
    private readonly kind: EvidenceKind,
    private readonly sink: ParseSink,
    planText?: string | null,
  ) {
    if (planText === null) this.plan = null;
    else if (planText !== undefined) this.learn(planText);
  }

  get lines(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = null;
      this.line(line, 0, line.length - 1);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** The last line (without a newline) and the counts still held. */
  end(): void {
    if (this.carry && this.carry.length > 0) this.tail(this.carry.toString('utf8'));
    this.carry = null;
    this.flush();
  }

  /** Hands on the counts held in place, and forgets the calls (a later record starts afresh). */
  flush(): void {
    for (const g of this.aggregates) {
      if (g.count === 0) continue;
      if (g.skipped) this.sink.skipped(g.count);
      else
        this.sink.call(
          Object.assign(cloneCall(g.call), { count: g.count, firstTime: g.first, lastTime: g.last }),
        );
    }
    this.aggregates.length = 0;
    this.index.clear();
  }

  private learn(text: string): void {
    const plan = learnPlan(text);
    this.plan = plan && plan.length <= this.starts.length ? plan : null;
    if (!this.plan) return;
    this.keyFields = Int32Array.from(this.plan.flatMap((field, f) => (field.use === FIELD_KEY ? [f] : [])));
    this.epochField = this.plan.findIndex((field) => field.use === FIELD_EPOCH);
    this.timeField = this.plan.findIndex((field) => field.use === FIELD_TIME);
  }

  private slow(text: string, number: number, prefixTime: number | null, complete: boolean): void {
    try {
      handleAccessCall(jsonRecordCall(text, this.file, number, this.kind, prefixTime), this.sink);
    } catch (error) {
      if (!complete) this.sink.truncated(number, 'the last record is cut short');
      else throw error as DoctorError;
    }
  }

  /** The cut-short last line: always read in full. */
  private tail(s: string): void {
    this.lineNumber++;
    let end = s.length;
    while (end > 0 && (s.charCodeAt(end - 1) === CR || s.charCodeAt(end - 1) === SPACE)) end--;
    if (end <= 0) return;
    let brace = 0;
    let prefixTime: number | null = null;
    if (s.charCodeAt(0) !== OPEN_BRACE) {
      brace = s.indexOf('{');
      if (brace < 0 || brace >= end) return this.slow(s.slice(0, end), this.lineNumber, null, false);
      prefixTime = parseTime(s.slice(0, brace).trim().split(/\s+/)[0] ?? '');
    }
    if (this.plan === undefined) this.learn(s.slice(brace, end));
    this.slow(s.slice(brace, end), this.lineNumber, prefixTime, false);
  }

  private line(buf: Buffer, start: number, end: number): void {
    const number = ++this.lineNumber;
    while (end > start && (buf[end - 1] === CR || buf[end - 1] === SPACE)) end--;
    if (end <= start) return;
    let brace = start;
    let prefixTime: number | null = null;
    if (buf[start] !== OPEN_BRACE) {
      brace = buf.indexOf(OPEN_BRACE, start);
      if (brace < 0 || brace >= end) {
        this.slow(buf.toString('utf8', start, end), number, null, true);
        return;
      }
      if (!sameBytes(buf, start, brace, this.lastPrefixBytes)) {
        this.lastPrefixBytes = Uint8Array.prototype.slice.call(buf, start, brace);
        const prefix = buf.toString('utf8', start, brace);
        this.lastPrefixTime = parseTime(prefix.trim().split(/\s+/)[0] ?? '');
      }
      prefixTime = this.lastPrefixTime;
    }
    if (this.plan === undefined) this.learn(buf.toString('utf8', brace, end));
    const plan = this.plan!;
    if (plan === null || !this.fields(buf, brace, end, plan)) {
      this.slow(buf.toString('utf8', brace, end), number, prefixTime, true);
      return;
    }
    this.count(buf, plan, number, prefixTime);
  }

  /** Finds every field of the plan in the record; false when the record does not fit it. */
  private fields(buf: Buffer, brace: number, end: number, plan: Field[]): boolean {
    const { starts, ends, shapes } = this;
    let pos = brace;
    for (let f = 0; f < plan.length; f++) {
      const needles = plan[f]!.needles;
      let v = pos;
      for (let n = 0; n < needles.length; n++) {
        const needle = needles[n]!;
        const first = needle[1]!;
        const last = end - needle.length;
        let at = -1;
        // The needle starts with a quote: look for its second byte, then compare the rest.
        for (let i = v + 1; i <= last + 1; i++) {
          if (buf[i] === first && buf[i - 1] === QUOTE) {
            let k = 2;
            while (k < needle.length && buf[i - 1 + k] === needle[k]) k++;
            if (k === needle.length) {
              at = i - 1;
              break;
            }
          }
        }
        if (at < 0) return false;
        v = at + needle.length;
      }
      let c = v < end ? buf[v] : -1;
      while (c === SPACE || c === TAB) c = ++v < end ? buf[v] : -1;
      if (c !== COLON) return false;
      c = ++v < end ? buf[v] : -1;
      while (c === SPACE || c === TAB) c = ++v < end ? buf[v] : -1;
      if (c === QUOTE) {
        let close = v + 1;
        while (close < end && buf[close] !== QUOTE) {
          // An escape inside the value: let JSON.parse read the record.
          if (buf[close] === BACKSLASH) return false;
          close++;
        }
        if (close >= end) return false;
        starts[f] = v + 1;
        ends[f] = close;
        shapes[f] = 1;
        pos = close + 1;
      } else {
        let stop = v;
        for (; stop < end; stop++) {
          const d = buf[stop];
          if (d === COMMA || d === CLOSE_BRACE || d === SPACE) break;
        }
        if (v > stop) v = stop;
        starts[f] = v;
        ends[f] = stop;
        shapes[f] =
          stop - v === 4 && buf[v] === 110 && buf[v + 1] === 117 && buf[v + 2] === 108 && buf[v + 3] === 108
            ? 2
            : 0;
        pos = stop;
      }
    }
    return true;
  }

  /** Counts a record that fit the plan; a call not seen before is decoded and handed on. */
  private count(buf: Buffer, plan: Field[], number: number, prefixTime: number | null): void {
    const { starts, ends, shapes, keyFields } = this;
    // Hashed in place: each key field's length (a raw null counts as empty) and bytes.
    let hash = 0x811c9dc5;
    let length = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const f = keyFields[k]!;
      const s = starts[f]!;
      const e = shapes[f] === 2 ? s : ends[f]!;
      length += e - s + 3;
      hash = Math.imul(hash ^ (e - s), 0x01000193);
      // Two bytes a step: half the multiplications.
      let i = s;
      for (; i + 1 < e; i += 2) hash = Math.imul(hash ^ (buf[i]! | (buf[i + 1]! << 8)), 0x01000193);
      if (i < e) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    }
    // A small integer key keeps the map's lookups free of allocation (Smi range).
    hash &= 0x3fffffff;
    const time = this.time(buf) ?? prefixTime;
    const head = this.index.get(hash) ?? null;
    let g = head;
    while (g !== null && !this.sameKey(buf, length, g.key)) g = g.next;
    if (g !== null) {
      g.count++;
      if (time !== null) {
        if (g.first === null || time < g.first) g.first = time;
        if (g.last === null || time > g.last) g.last = time;
      }
      return;
    }
    if (this.aggregates.length >= MAX_DISTINCT) this.flush();
    const key = new Uint8Array(length);
    let at = 0;
    const values: RoleValues = {};
    for (let k = 0; k < keyFields.length; k++) {
      const f = keyFields[k]!;
      const s = starts[f]!;
      const e = shapes[f] === 2 ? s : ends[f]!;
      const size = e - s;
      key[at++] = size & 0xff;
      key[at++] = (size >>> 8) & 0xff;
      key[at++] = size >>> 16;
      key.set(buf.subarray(s, e), at);
      at += size;
      values[plan[f]!.role] = shapes[f] === 2 ? null : buf.toString('utf8', s, e);
    }
    const call = callFromRoles(values, this.file, number, this.kind, prefixTime);
    call.firstTime = time;
    call.lastTime = time;
    const skipped = call.status === null && call.method === '?';
    handleAccessCall(call, this.sink);
    const aggregate: Aggregate = {
      key,
      next: this.index.get(hash) ?? null,
      call,
      skipped,
      count: 0,
      first: null,
      last: null,
    };
    this.index.set(hash, aggregate);
    this.aggregates.push(aggregate);
  }

  /** Whether the record's key fields hold the bytes of a stored key. */
  private sameKey(buf: Buffer, length: number, key: Uint8Array): boolean {
    if (key.length !== length) return false;
    const { starts, ends, shapes, keyFields } = this;
    let at = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const f = keyFields[k]!;
      const s = starts[f]!;
      const e = shapes[f] === 2 ? s : ends[f]!;
      if (key[at]! + (key[at + 1]! << 8) + (key[at + 2]! << 16) !== e - s) return false;
      at += 3;
      for (let i = s; i < e; i++, at++) if (buf[i] !== key[at]) return false;
    }
    return true;
  }

  /** The record's time, as a full parse reads it: the epoch when it is digits, else the request time. */
  private time(buf: Buffer): number | null {
    const { starts, ends, shapes, epochField, timeField } = this;
    if (epochField >= 0 && shapes[epochField] !== 2) {
      const s = starts[epochField]!;
      const e = ends[epochField]!;
      if (shapes[epochField] === 0) {
        // A JSON number (a full parse reads any number here).
        const epoch = rawNumber(buf, s, e);
        if (epoch !== null) return parseTime(epoch);
      }
      let digits = shapes[epochField] === 1 && e > s;
      for (let i = s; i < e && digits; i++) digits = buf[i]! >= 48 && buf[i]! <= 57;
      if (digits) {
        const epoch = numberOrNull(buf.toString('latin1', s, e));
        if (epoch !== null) return parseTime(epoch);
      }
    }
    if (timeField < 0 || shapes[timeField] === 2) return null;
    const s = starts[timeField]!;
    const e = ends[timeField]!;
    if (shapes[timeField] === 0) {
      const number = rawNumber(buf, s, e);
      return number === null ? null : parseTime(number);
    }
    if (!sameBytes(buf, s, e, this.lastTimeBytes)) {
      this.lastTimeBytes = Uint8Array.prototype.slice.call(buf, s, e);
      this.lastTime = parseTime(buf.toString('utf8', s, e));
    }
    return this.lastTime;
  }
}
