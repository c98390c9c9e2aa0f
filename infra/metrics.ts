/** A CloudWatch metric of the service's own, by the names the code publishes under (lib/observability/names.ts). */
import type { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { type Counter, NAMESPACE, SERVICE } from '../lib/observability/names.js';

/**
 * @example hubMetric(Counter.Failed, { period: Duration.minutes(5) })
 */
export function hubMetric(
  name: Counter,
  options: { period: Duration; dimensions?: Record<string, string>; label?: string },
): Metric {
  return new Metric({
    namespace: NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE, ...options.dimensions },
    statistic: 'Sum',
    period: options.period,
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}
