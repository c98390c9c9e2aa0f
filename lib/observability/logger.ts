/**
 * Structured JSON logs (Powertools Logger) and EMF metrics (Powertools Metrics), one of each per process.
 * Log lines carry ids, outcomes and latency only: bodies, names and phone numbers are never logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { type Counter, NAMESPACE, SERVICE } from './names.js';

export const logger = new Logger({ serviceName: SERVICE });

// Metrics' own warnings go through the logger: structured, and quiet where the log level says so.
export const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, logger });

export { Counter } from './names.js';

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
