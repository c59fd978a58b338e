import { isClfLine, splitPrefix } from './parsers/access-log.js';
import { isExecutionLine } from './parsers/execution-log.js';
import type { EvidenceKind } from './types.js';

const ACCESS_FIELDS =
  /"(requestId|httpMethod|routeKey|resourcePath|requestTime|requestTimeEpoch|status|responseLength|extendedRequestId)"\s*:/g;

const ACCESS_KEYS = new Set([
  'requestId',
  'httpMethod',
  'routeKey',
  'resourcePath',
  'requestTime',
  'requestTimeEpoch',
  'status',
  'responseLength',
  'extendedRequestId',
]);

function firstJsonLine(head: string): Record<string, unknown> | null {
  const line = head.split('\n', 1)[0] ?? '';
  const { rest } = splitPrefix(line.trim());
  if (!rest.startsWith('{')) return null;
  try {
    const value = JSON.parse(rest) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Tells the evidence kind from the first bytes of content (never from the file name). */
export function detectKind(head: string): EvidenceKind | null {
  const text = head.replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return null;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"log"\s*:\s*\{/.test(text) && /"(entries|creator|version)"\s*:/.test(text)) return 'har';
    if (/^\{\s*"Records"\s*:\s*\[/.test(trimmed)) return 'cloudtrail-records';
    if (/"QueryResultRows"\s*:/.test(text)) return 'cloudtrail-lake';
    if (/"Events"\s*:\s*\[/.test(text) && /"CloudTrailEvent"\s*:/.test(text))
      return 'cloudtrail-lookup-events';
    if (/"events"\s*:\s*\[/.test(text) && /"(logStreamName|ingestionTime)"\s*:/.test(text))
      return 'cloudwatch-filter-log-events';
    const first = firstJsonLine(trimmed);
    if (first) {
      if ('eventSource' in first || 'eventVersion' in first) return 'cloudtrail-lines';
      if (Object.keys(first).some((k) => ACCESS_KEYS.has(k))) return 'access-log-json';
    }
    if (/"eventSource"\s*:/.test(text) && /"eventName"\s*:/.test(text)) {
      return /^\[/.test(trimmed) ? 'cloudtrail-lines' : 'cloudtrail-event';
    }
    if ((text.slice(0, 4096).match(ACCESS_FIELDS)?.length ?? 0) >= 2) return 'access-log-json';
    return null;
  }
  const lines = text.split('\n').slice(0, 400);
  if (lines.some((l) => / - MainThread - (botocore|awscli)\.[a-z_.]+ - [A-Z]+ - /.test(l)))
    return 'aws-cli-debug';
  if (lines.some((l) => /^> [A-Z]+ \S+ HTTP\/[\d.]+\s*$/.test(l)) && lines.some((l) => /^< /.test(l)))
    return 'curl-verbose';
  if (lines.some((l) => /^HTTP\/[\d.]+ \d{3}/.test(l))) return 'curl-include';
  const meaningful = lines.filter((l) => l.trim() !== '');
  if (meaningful.some((l) => isExecutionLine(l))) return 'execution-log';
  if (meaningful.some((l) => splitPrefix(l).rest.startsWith('{') && ACCESS_FIELDS.test(l))) {
    ACCESS_FIELDS.lastIndex = 0;
    return 'access-log-json';
  }
  ACCESS_FIELDS.lastIndex = 0;
  if (meaningful.some((l) => isClfLine(l))) return 'access-log-clf';
  return null;
}
