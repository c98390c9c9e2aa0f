/**
 * `npm run bench -- chaos [none|hang|light|heavy]`: the soak's mix under AWS's own faults. AX-mapped paid
 * commits are sent, a third of them twice at once and 40% cancelled while their AX create may be in flight.
 * Beside them, a hot room's last rooms are sold to many guests at once. DynamoDB and fauxqs sit behind the
 * stand-in (local/chaos), which throttles, fails, cuts connections after the write, hangs and cancels
 * conflicting transactions as AWS does. Douyin is played as Douyin plays, by a process of its own
 * (local/bench/chaos-client.ts): a `100` or a broken connection is sent again after a second. Then everything must settle and hold: no order lost or doubled, every
 * confirmation sent, exactly the allotment sold on the hot room, at most one AX order per booking, no work
 * given up. Bounded in count and time; prints the faults by kind, the retries, p99 and the time to settle.
 */

import { spawn } from 'node:child_process';
import { writeCatalog } from '../../lib/app/catalog.js';
import { parseCatalog } from '../../lib/catalog/catalog.js';
import type { Order } from '../../lib/orders/index.js';
import { night } from '../calendar.js';
import type { FaultRates } from '../chaos/aws-chaos.js';
import { douyinOrder } from '../orders.js';
import { benchCatalog, benchCommit, signedPost, withBenchStack } from './bench-stack.js';
import { percentile, table } from './stats.js';

/** The fault mixes: one in a hundred connections hanging; light faults; a quarter of all calls failing. */
export const CHAOS_PROFILES: Record<string, FaultRates> = {
  none: {},
  hang: { hang: 0.01 },
  light: { throttle: 0.04, serverError: 0.03, cutAfterWrite: 0.03, delay: 0.05 },
  heavy: { throttle: 0.09, serverError: 0.08, cutAfterWrite: 0.08, hang: 0.01, delay: 0.05 },
};

type Reply = { error_code: number; order_ext_id?: string };

/** What the client process reports (local/bench/chaos-client.ts). */
interface ClientReport {
  answered: [string, string][];
  cancelled: string[];
  hot: string[];
  problems: string[];
  latencies: number[];
  retried: number;
  sentMs: number;
}

function runClient(args: string[]): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/bench/chaos-client.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ClientReport)
        : reject(new Error(`chaos client exited ${code}`)),
    );
  });
}

/** The hot room: night 75 for RT-FAM-SUITE, with this many rooms. */
const HOT_NIGHT = night(75);
const HOT_ROOMS = 12;

const settled = (order: Order | undefined) =>
  order !== undefined && Object.values(order.work).every((work) => work.state !== 'pending');

export function chaosBenchmark(profile = 'heavy', orders = 240, hotGuests = 40, concurrency = 20): Promise<string> {
  const rates = CHAOS_PROFILES[profile];
  if (rates === undefined) throw new Error(`no chaos profile ${profile}: choose ${Object.keys(CHAOS_PROFILES).join(', ')}`);
  return withBenchStack(
    {
      workerConcurrency: 4,
      sweepIntervalMs: 2_000,
      chaos: { dynamodb: { conflicts: true, delayMs: [100, 400] }, sqs: { delayMs: [100, 400] } },
      env: { RETRY_BASE_SECONDS: '1', AX_POLL_SECONDS: '1', SWEEP_GRACE_SECONDS: '2', MAX_ATTEMPTS: '12' },
    },
    async ({ stack, douyin, ax }) => {
      const catalog = benchCatalog() as { hotels: { roomTypes: { spuExtId: string; inventory?: Record<string, number> }[] }[] };
      const suite = catalog.hotels[0]?.roomTypes.find((roomType) => roomType.spuExtId === 'RT-FAM-SUITE');
      if (suite !== undefined) suite.inventory = { default: 1_000_000, [HOT_NIGHT]: HOT_ROOMS };
      const chaos = stack.chaos;
      if (chaos === undefined) throw new Error('the stack has no stand-in');
      chaos.dynamodb.setRates({});
      await writeCatalog(parseCatalog(catalog));
      // Warm each handler first, as a warm Lambda is: the local stack imports (and tsx compiles) it on first use.
      const warm = benchCommit(`86${String(Date.now()).slice(-8)}00000000`);
      const warmed = (await (await signedPost(`${stack.url}/poi/ext/hotel/order/commit`, warm)).json()) as Reply;
      await signedPost(`${stack.url}/poi/ext/hotel/order/cancel`, {
        supplier_ext_id: 'SUP-SEL-001',
        order_id: warm.order_id,
        order_ext_id: warmed.order_ext_id,
        order_status: 1,
      });
      chaos.dynamodb.setRates(rates);
      chaos.sqs.setRates(rates);

      const load = await runClient([stack.url, String(orders), String(hotGuests), String(concurrency), '84', HOT_NIGHT]);
      const { latencies, retried, hot } = load;
      const problems = [...load.problems];
      const answered = new Map(load.answered);
      const cancelled = new Set(load.cancelled);
      const sent = load.sentMs;
      const started = Date.now() - sent;

      // Every answered order must settle, with the faults still on.
      let open = [...answered.keys()];
      const deadline = Date.now() + 180_000;
      while (open.length > 0 && Date.now() < deadline) {
        const states = await Promise.all(open.map((id) => douyinOrder(id).catch(() => undefined)));
        open = open.filter((_, index) => !settled(states[index]));
        if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const settleMs = Date.now() - started;
      chaos.dynamodb.setRates({});
      chaos.sqs.setRates({});
      for (const id of open) problems.push(`${id}: work still owed after 180 s`);

      let holding = 0;
      let inDoubt = 0;
      for (const [id, orderExtId] of answered) {
        const order = await douyinOrder(id);
        if (order === undefined) {
          problems.push(`${id}: answered ${orderExtId} and lost`);
          continue;
        }
        if (order.orderExtId !== orderExtId) problems.push(`${id}: answered ${orderExtId}, stored ${order.orderExtId}`);
        for (const work of Object.values(order.work)) {
          if (work.state === 'failed') problems.push(`${id}: ${work.id} failed (${work.lastError})`);
          if (work.state === 'in-doubt') {
            inDoubt += 1;
            problems.push(
              `${id}: ${work.id} in doubt: ${work.lastError} (AX holds ${ax.ordersFor(order.orderExtId).length} orders for it)`,
            );
          }
        }
        if (order.inventory?.state === 'held') holding += 1;
        const axOrders = ax.ordersFor(order.orderExtId);
        if (axOrders.length > 1) problems.push(`${id}: ${axOrders.length} AX orders`);
        if (cancelled.has(id)) {
          if (order.status !== 'CANCELLED') problems.push(`${id}: cancel accepted, order ${order.status}`);
          for (const axOrder of axOrders)
            if (axOrder.status !== 'Traveler cancel') problems.push(`${id}: cancelled, AX order ${axOrder.status}`);
        } else if (douyin.acceptedStatus(id) === undefined) problems.push(`${id}: Douyin was never told its confirmation`);
      }
      if (holding !== HOT_ROOMS) problems.push(`the hot room sold ${holding} of its ${HOT_ROOMS} rooms`);

      const kinds = [
        'throttle',
        'serverError',
        'cutAfterWrite',
        'hang',
        'delay',
        'transactionConflict',
        'writeConflict',
      ] as const;
      /** Calls the service saw or was spared: forwarded ones (cut and delayed included) and the ones answered in its stead. */
      const calls = (c: typeof chaos.dynamodb.counts) =>
        c.forwarded + c.throttle + c.serverError + c.hang + c.transactionConflict + c.writeConflict;
      return [
        `chaos (${profile}: ${JSON.stringify(rates)}): ${answered.size - hot.length} AX-mapped paid commits (${concurrency} at a time, a third sent twice, ${cancelled.size} cancelled in flight) and ${hotGuests} guests for the hot room's last ${HOT_ROOMS} rooms`,
        table(
          ['faults injected', ...kinds, 'calls'],
          [
            ['DynamoDB', ...kinds.map((kind) => chaos.dynamodb.counts[kind]), calls(chaos.dynamodb.counts)],
            ['SQS', ...kinds.map((kind) => chaos.sqs.counts[kind]), calls(chaos.sqs.counts)],
          ],
        ),
        `Douyin's calls: ${latencies.length} answered, ${retried} sent again (answered 100 or cut); p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
        `sent in ${(sent / 1000).toFixed(1)} s; every order settled ${(settleMs / 1000).toFixed(1)} s after the first commit; AX: ${ax.creates.length} creates for ${ax.orders.size} orders, ${ax.cancels.length} cancels; in doubt: ${inDoubt}; the hot room holds ${holding} of ${HOT_ROOMS}`,
        problems.length === 0
          ? 'every invariant held: no order lost or doubled, every confirmation sent, the hot room sold exactly its allotment, at most one AX order per booking, no work given up'
          : `${problems.length} broken invariants:\n${problems.slice(0, 50).join('\n')}`,
      ].join('\n');
    },
  );
}
