/**
 * Structured JSON logs (Powertools Logger) and EMF metrics (Powertools Metrics), one of each per process.
 * Log lines carry ids, outcomes and latency only: bodies, names and phone numbers are never logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'channel-hub' });

// Metrics' own warnings go through the logger: structured, and quiet where the log level says so.
export const metrics = new Metrics({ namespace: 'ChannelHub', serviceName: 'channel-hub', logger });

/** Counter names (SPEC §7). */
export const Counter = {
  Received: 'Received',
  Duplicate: 'Duplicate',
  Rejected: 'Rejected',
  Delivered: 'Delivered',
  Retried: 'Retried',
  Failed: 'Failed',
  DriftFound: 'DriftFound',
} as const;
export type Counter = (typeof Counter)[keyof typeof Counter];

/**
 * Counts one event in the function's total and, with `dimension`, also split by it (the error code of a
 * rejection, the work type of a delivery).
 */
export function count(name: Counter, dimension?: { name: string; value: string }, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
  if (dimension === undefined) return;
  const single = metrics.singleMetric();
  single.addDimension(dimension.name, dimension.value);
  single.addMetric(name, MetricUnit.Count, value);
}
