/**
 * Structured JSON logs (Powertools Logger) and EMF metrics (Powertools Metrics), one of each per process.
 * Log lines carry ids, outcomes and latency only: bodies, names and phone numbers are never logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';

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
  /** A credential was needed and is unset (dimension `credential`: douyin, partner, ax): alarmed. */
  CredentialUnset: 'CredentialUnset',
  /** Commits that found a night without enough rooms (dimension `spuExtId`): confirmed 2, out of stock. */
  OutOfStock: 'OutOfStock',
  /** An AX create whose outcome is not known, held for an operator (dimension `workType`): alarmed. */
  InDoubt: 'InDoubt',
  /** Orders whose guest data the retention run erased. */
  GuestDataErased: 'GuestDataErased',
} as const;
export type Counter = (typeof Counter)[keyof typeof Counter];

/** One single-metric publisher per dimension value, made once: each publishes its line at once. */
const dimensioned = new Map<string, Metrics>();

function publisherFor(name: string, value: string): Metrics {
  const key = `${name}=${value}`;
  let single = dimensioned.get(key);
  if (single === undefined) {
    // A default dimension survives each publish, where addDimension() would be cleared by the first.
    single = metrics.singleMetric();
    single.setDefaultDimensions({ [name]: value });
    dimensioned.set(key, single);
  }
  return single;
}

type Dimension = { name: string; value: string };

/**
 * Counts one event in the function's total and, with `dimensions`, also split by each (the route of a
 * rejection and its error code, the work type of a delivery). Each split line is published at once; the
 * publishers are kept, since making one (a Metrics with its own console) cost more than the rest of the count.
 */
export function count(name: Counter, dimensions?: Dimension | Dimension[], value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
  for (const dimension of dimensions === undefined ? [] : [dimensions].flat()) {
    publisherFor(dimension.name, dimension.value).addMetric(name, MetricUnit.Count, value);
  }
}

/**
 * Powertools' own middlewares, first in every function's chain: the Lambda context on each log line (keys
 * reset per invocation), and the function's metric totals flushed at its end.
 * @example middy().use(observed()).handler(…)
 */
export function observed() {
  return [injectLambdaContext(logger, { resetKeys: true }), logMetrics(metrics)];
}
