import type { ObservedCall } from './types.js';

/** What makes two calls the same call for grouping (times, lines and request ids left out). */
export function distinctKey(c: ObservedCall): string {
  const auth = c.requestHeaders.authorization?.split(' ')[0] ?? '';
  return [
    c.plane,
    c.operation,
    c.method,
    c.host?.split(':')[0],
    c.apiId,
    c.stage,
    c.path,
    c.status,
    c.errorType,
    c.responseType,
    c.errorMessage,
    c.integrationStatus,
    c.integrationError,
    c.origin,
    auth,
    c.requestHeaders['x-api-key'] !== undefined,
  ].join('\u0001');
}

/** Counts a call into a known one: its count, and its first and last times. */
export function mergeInto(known: ObservedCall, call: ObservedCall): void {
  known.count += call.count;
  if (call.firstTime !== null && (known.firstTime === null || call.firstTime < known.firstTime))
    known.firstTime = call.firstTime;
  if (call.lastTime !== null && (known.lastTime === null || call.lastTime > known.lastTime))
    known.lastTime = call.lastTime;
}
