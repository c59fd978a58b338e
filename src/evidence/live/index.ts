// The live evidence library: CloudTrail timeline and AWS Health (I/O in cloudtrail.ts and health.ts;
// everything else is pure and can be fed with events from files).
export { lookupApiEvents, RateGate, LOOKUP_EVENTS_PER_SECOND } from './cloudtrail.js';
export type { LookupOptions, LookupResult } from './cloudtrail.js';
export { describeHealth } from './health.js';
export type { HealthOptions } from './health.js';
export { correlateHealth, HEALTH_DASHBOARD_URL, HEALTH_SERVICE_CODE } from './health-evidence.js';
export { normalizeLookupEvent, normalizeRecord, shortActor, isoSeconds } from './events.js';
export { buildTimeline, correlate, humanDuration } from './timeline.js';
export type { BuildOptions, Focus } from './timeline.js';
export { timelineJson, timelineText } from './render.js';
export type { TimelineReport } from './render.js';
export type * from './types.js';
