/**
 * The static threshold of the 4XX alarm: the mean plus two standard deviations of the per-period sums
 * over the last 14 days, from GetMetricData. Pure.
 */

/** Seconds per alarm period: 5 minutes (1-minute data is kept 15 days only, and is noisier). */
export const PERIOD_SECONDS = 300;
export const LOOKBACK_DAYS = 14;
/** Fewer periods with data than one day's worth: too little to learn from, the default applies. */
export const MIN_DATAPOINTS = 288;
/** The documented default: more than 10 client errors in a 5-minute period. */
export const DEFAULT_THRESHOLD = 10;
/** Never alarm on a single stray error, even on an API that had almost none. */
export const MIN_THRESHOLD = 1;

export interface Threshold {
  method: 'mean+2sd' | 'default';
  value: number;
  /** Periods with data (API Gateway publishes nothing for a period without requests). */
  datapoints: number;
  mean?: number;
  stddev?: number;
  /** Why the default was used. */
  reason?: string;
  window: { start: string; end: string; periodSeconds: number };
}

/** Mean and population standard deviation. */
export function meanAndStddev(values: readonly number[]): { mean: number; stddev: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, stddev: Math.sqrt(variance) };
}

export function thresholdFromSums(values: readonly number[], window: Threshold['window']): Threshold {
  if (values.length < MIN_DATAPOINTS) {
    return {
      method: 'default',
      value: DEFAULT_THRESHOLD,
      datapoints: values.length,
      reason: `${values.length} datapoint${values.length === 1 ? '' : 's'} in ${LOOKBACK_DAYS} days (fewer than ${MIN_DATAPOINTS}, one day of ${PERIOD_SECONDS / 60}-minute periods)`,
      window,
    };
  }
  const { mean, stddev } = meanAndStddev(values);
  return {
    method: 'mean+2sd',
    value: Math.max(MIN_THRESHOLD, mean + 2 * stddev),
    datapoints: values.length,
    mean,
    stddev,
    window,
  };
}

/** The lookback window, its start aligned on a period boundary so every period is whole. */
export function lookbackWindow(now: Date): { start: Date; end: Date } {
  const period = PERIOD_SECONDS * 1000;
  const end = new Date(Math.floor(now.getTime() / period) * period);
  const start = new Date(end.getTime() - LOOKBACK_DAYS * 86_400_000);
  return { start, end };
}
