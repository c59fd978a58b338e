import type { HealthEvent } from './types.js';

/** AWS Health's service code for API Gateway (event types AWS_APIGATEWAY_*). */
export const HEALTH_SERVICE_CODE = 'APIGATEWAY';
export const HEALTH_DASHBOARD_URL = 'https://health.aws.amazon.com/health/home';

/** How close to the failure start an event that has ended must be to count as related. */
const NEAR_MS = 60 * 60 * 1000;

/** AWS Health events read against the window and the failure start. Pure. */
export function correlateHealth(
  events: HealthEvent[],
  window: { start: string; end: string },
  regions: string[],
  failureStart?: string,
): string[] {
  if (events.length === 0)
    return [
      `AWS Health: no API Gateway event in ${regions.join(', ')} open or updated since ${window.start}`,
    ];
  const windowStart = Date.parse(window.start);
  const windowEnd = Date.parse(window.end);
  const failure = failureStart ? Date.parse(failureStart) : undefined;
  return events.map((e) => {
    const from = e.startTime ? Date.parse(e.startTime) : -Infinity;
    const to = e.endTime ? Date.parse(e.endTime) : Infinity;
    const span = `${e.startTime ?? '?'} – ${e.endTime ?? 'ongoing'}`;
    let relation = '';
    if (failure !== undefined && from <= failure + NEAR_MS && to >= failure - NEAR_MS) {
      relation =
        from <= failure && to >= failure
          ? `; it was under way when the failures started (${failureStart})`
          : `; within an hour of the failures starting (${failureStart})`;
    } else if (from <= windowEnd && to >= windowStart) {
      relation = '; during the window';
    }
    return `AWS Health: ${e.eventTypeCode}${e.category ? ` (${e.category})` : ''} in ${e.region ?? 'global'}, ${e.statusCode ?? 'status unknown'}, ${span}${relation}`;
  });
}
