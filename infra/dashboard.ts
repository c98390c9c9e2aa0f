/**
 * The on-call engineer's CloudWatch dashboard (SPEC §8): per route and per partner, what arrived, what was
 * refused, delivered, retried and failed; latency; queue and DLQ depth; drift; out-of-stock refusals; and
 * the credential and retention counters. Every line is a metric the code publishes or AWS keeps.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, type IMetric, SingleValueWidget, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ChannelDescriptor } from '../lib/channels/descriptor.js';
import { CHANNEL_FUNCTIONS, CHANNELS } from '../lib/channels/registry.js';
import type { FunctionName } from '../lib/http/routes.js';
import { Counter, SERVICE } from '../lib/observability/names.js';
import { WorkType } from '../lib/orders/index.js';
import type { HubFunction } from './hub-function.js';
import { hubMetric } from './metrics.js';

/** The routes' names as the code counts them (`route` dimension), from the channel registry, the worker's included. */
const ROUTES = [...CHANNEL_FUNCTIONS.filter((fn) => fn.dispatches !== true).map((fn) => fn.route), 'work-queue'];
const routesOf = (channel: ChannelDescriptor) => channel.functions.filter((fn) => fn.dispatches !== true).map((fn) => fn.route);
const PERIOD = Duration.minutes(5);

function counter(name: Counter, dimensions: Record<string, string> = {}, label?: string): IMetric {
  return hubMetric(name, { period: PERIOD, dimensions, ...(label === undefined ? {} : { label }) });
}

export interface DashboardProps {
  functions: Record<FunctionName, HubFunction>;
  queue: IQueue;
  deadLetterQueue: IQueue;
  api: HttpApi;
}

export class HubDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const perRoute = (name: Counter) => ROUTES.map((route) => counter(name, { route }, route));
    const perWork = (name: Counter) => Object.values(WorkType).map((type) => counter(name, { workType: type }, type));
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });
    const latency = (statistic: 'p50' | 'p99') =>
      Object.values(props.functions).map((hub) =>
        hub.fn.metricDuration({ statistic, period: PERIOD, label: `${hub.node.id} ${statistic}` }),
      );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: SERVICE,
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new TextWidget({
            markdown: `# Channel Hub\n${CHANNELS.map((channel) => `${channel.id}: ${routesOf(channel).join(', ')}`).join('. ')} (a method at a channel's single address is counted under its own name). Outbound calls: by work type. Runbooks: docs/operations.md.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          graph('Received, by route', perRoute(Counter.Received)),
          graph('Refused, by route', perRoute(Counter.Rejected)),
          graph('Repeats (idempotent answers), by route', perRoute(Counter.Duplicate)),
        ],
        [
          graph('Delivered to Douyin and AX, by work type', perWork(Counter.Delivered)),
          graph('Retried, by work type', perWork(Counter.Retried)),
          graph('Failed (gave up), by work type', perWork(Counter.Failed)),
        ],
        [graph('Latency p50 by function (ms)', latency('p50'), 12), graph('Latency p99 by function (ms)', latency('p99'), 12)],
        [
          graph('Work queue and DLQ depth', [
            props.queue.metricApproximateNumberOfMessagesVisible({
              period: Duration.minutes(1),
              statistic: 'Maximum',
              label: 'work queue',
            }),
            props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period: Duration.minutes(1),
              statistic: 'Maximum',
              label: 'DLQ',
            }),
          ]),
          graph('Oldest work waiting (s)', [
            props.queue.metricApproximateAgeOfOldestMessage({
              period: Duration.minutes(1),
              statistic: 'Maximum',
              label: 'work queue',
            }),
          ]),
          graph('API: requests and 4xx / 5xx', [
            props.api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
            props.api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
            props.api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
          ]),
        ],
        [
          new SingleValueWidget({
            title: 'Drift found (reconciliation)',
            metrics: [counter(Counter.DriftFound, {}, 'drift')],
            width: 6,
            height: 4,
          }),
          graph('Out-of-stock commits', [counter(Counter.OutOfStock, {}, 'out of stock')], 6),
          graph(
            'Unset credentials and AX creates in doubt (alarmed)',
            [counter(Counter.CredentialUnset, {}, 'unset credential'), counter(Counter.InDoubt, {}, 'AX create in doubt')],
            6,
          ),
          graph('Guest data erased (orders)', [counter(Counter.GuestDataErased, {}, 'erased')], 6),
        ],
      ],
    });
  }
}
