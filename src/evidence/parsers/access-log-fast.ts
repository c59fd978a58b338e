import { parseTime } from '../common.js';
import {
  flatten,
  learnRoles,
  callFromRoles,
  jsonRecordCall,
  handleAccessCall,
  type Role,
  type RoleValues,
} from './access-log.js';
import type { EvidenceKind, ParseSink } from '../types.js';
import type { DoctorError } from '../../model/errors.js';

/** Roles that make two records "the same call" (time and request id left out). */
const KEY_ROLES: Role[] = [
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
];
const MAX_DISTINCT = 50_000;

interface Plan {
  /** In the order the fields appear in a record: the role, and the `"key"`s leading to it (parents first). */
  fields: { role: Role; needles: string[] }[];
}

interface Aggregate {
  values: RoleValues;
  count: number;
  first: number | null;
  last: number | null;
  line: number;
  prefixTime: number | null;
}

/**
 * Learns the record layout from one line: JSON access logs come from one `$context` template, so the
 * fields come in the same order on every line. A nested field ("integration"."status") is found by
 * searching its parents first, so a name used at two levels is still found at the right one.
 */
function learnPlan(text: string): Plan | null {
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
  return {
    fields: fields.map(({ role, needles }, i) => {
      const previous = i > 0 ? fields[i - 1]!.needles : [];
      let shared = 0;
      while (
        shared < needles.length - 1 &&
        shared < previous.length - 1 &&
        needles[shared] === previous[shared]
      )
        shared++;
      return { role, needles: needles.slice(shared) };
    }),
  };
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * JSON access logs at the speed of the disk: each line is searched for the few fields the
 * classification needs, in the order the template writes them (native indexOf, no JSON.parse);
 * records that do not fit the learned layout are parsed in full. Identical records are counted
 * together on the fly, so memory stays bounded by the number of distinct calls (capped).
 */
export async function scanJsonAccessLog(
  chunks: AsyncIterable<Buffer>,
  file: string,
  kind: EvidenceKind,
  sink: ParseSink,
): Promise<number> {
  let plan: Plan | null | undefined;
  const groups = new Map<string, Aggregate>();
  let lineNumber = 0;
  let carry: Buffer | null = null;
  let lastTimeText = '';
  let lastTime: number | null = null;
  let lastPrefix = '';
  let lastPrefixTime: number | null = null;
  const values: RoleValues = {};

  const flush = () => {
    for (const g of groups.values()) {
      const call = callFromRoles(g.values, file, g.line, kind, g.prefixTime);
      call.count = g.count;
      call.firstTime = g.first ?? call.firstTime;
      call.lastTime = g.last ?? call.lastTime;
      handleAccessCall(call, sink);
    }
    groups.clear();
  };

  const slow = (text: string, number: number, prefixTime: number | null, complete: boolean) => {
    try {
      handleAccessCall(jsonRecordCall(text, file, number, kind, prefixTime), sink);
    } catch (error) {
      if (!complete) sink.truncated(number, 'the last record is cut short');
      else throw error as DoctorError;
    }
  };

  const processLine = (s: string, start: number, end: number, complete: boolean) => {
    lineNumber++;
    while (end > start && (s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === SPACE)) end--;
    if (end <= start) return;
    let brace = start;
    let prefixTime: number | null = null;
    if (s.charCodeAt(start) !== 123) {
      brace = s.indexOf('{', start);
      if (brace < 0 || brace >= end) {
        slow(s.slice(start, end), lineNumber, null, complete);
        return;
      }
      const prefix = s.slice(start, brace);
      if (prefix !== lastPrefix) {
        lastPrefix = prefix;
        lastPrefixTime = parseTime(prefix.trim().split(/\s+/)[0] ?? '');
      }
      prefixTime = lastPrefixTime;
    }
    if (plan === undefined) plan = learnPlan(s.slice(brace, end));
    if (plan === null || !complete) {
      slow(s.slice(brace, end), lineNumber, prefixTime, complete);
      return;
    }
    let pos = brace;
    for (const { role, needles } of plan.fields) {
      let v = pos;
      for (const needle of needles) {
        const at = s.indexOf(needle, v);
        if (at < 0 || at >= end) {
          slow(s.slice(brace, end), lineNumber, prefixTime, complete);
          return;
        }
        v = at + needle.length;
      }
      let c = s.charCodeAt(v);
      while (c === SPACE || c === TAB) c = s.charCodeAt(++v);
      if (c !== 58) {
        slow(s.slice(brace, end), lineNumber, prefixTime, complete);
        return;
      }
      c = s.charCodeAt(++v);
      while (c === SPACE || c === TAB) c = s.charCodeAt(++v);
      if (c === QUOTE) {
        const close = s.indexOf('"', v + 1);
        // An escape inside the value (searched within it only): let JSON.parse read the record.
        let escaped = false;
        for (let k = v + 1; k < close; k++) if (s.charCodeAt(k) === BACKSLASH) escaped = true;
        if (close < 0 || close >= end || escaped) {
          slow(s.slice(brace, end), lineNumber, prefixTime, complete);
          return;
        }
        values[role] = s.slice(v + 1, close);
        pos = close + 1;
      } else {
        let stop = v;
        for (; stop < end; stop++) {
          const d = s.charCodeAt(stop);
          if (d === 44 || d === 125 || d === SPACE) break;
        }
        const raw = s.slice(v, stop);
        values[role] = raw === 'null' ? null : raw;
        pos = stop;
      }
    }
    let key = '';
    for (const role of KEY_ROLES) key += `${values[role] ?? ''}\u0001`;
    let time: number | null;
    const epoch = values.epoch;
    if (epoch !== undefined && epoch !== null && epoch !== '-') time = parseTime(Number(epoch));
    else {
      const t = values.time;
      if (typeof t === 'string') {
        if (t !== lastTimeText) {
          lastTimeText = t;
          lastTime = parseTime(t);
        }
        time = lastTime;
      } else time = null;
    }
    time ??= prefixTime;
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (time !== null) {
        if (group.first === null || time < group.first) group.first = time;
        if (group.last === null || time > group.last) group.last = time;
      }
    } else {
      if (groups.size >= MAX_DISTINCT) flush();
      // Copy the strings: slices would keep the whole chunk alive.
      const copy: RoleValues = {};
      for (const role of KEY_ROLES) {
        const v = values[role];
        if (v === undefined) continue;
        copy[role] = typeof v === 'string' ? Buffer.from(v, 'utf8').toString('utf8') : v;
      }
      groups.set(Buffer.from(key, 'utf8').toString('utf8'), {
        values: copy,
        count: 1,
        first: time,
        last: time,
        line: lineNumber,
        prefixTime,
      });
    }
    for (const role of KEY_ROLES) values[role] = undefined;
    values.epoch = undefined;
    values.time = undefined;
  };

  for await (const chunk of chunks) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lastNewline = buf.lastIndexOf(10);
    if (lastNewline < 0) {
      carry = buf;
      continue;
    }
    const s = buf.toString('utf8', 0, lastNewline + 1);
    carry = lastNewline + 1 < buf.length ? Buffer.from(buf.subarray(lastNewline + 1)) : null;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      processLine(s, start, nl, true);
      start = nl + 1;
    }
  }
  if (carry && carry.length > 0) {
    const s = carry.toString('utf8');
    processLine(s, 0, s.length, false);
  }
  flush();
  return lineNumber;
}
