/**
 * `npm run bench -- soak`: AX-mapped paid commits under load with the races and faults a partner brings
 * (duplicate commits at once, cancels racing the AX create, AX and Douyin errors, slow AX creates), then
 * a check that every order ended where it should. Prints the counts and every broken invariant.
 * `DOUYIN_ORDER_SYNC=on npm run bench -- soak` also checks the order syncs Douyin received.
 */

import { getConfig } from '../../lib/config/config.js';
import type { Order } from '../../lib/orders/index.js';
import { douyinOrder as getOrder } from '../orders.js';
import { benchCommit, signedPost, withBenchStack } from './bench-stack.js';

type Reply = { error_code: number; order_ext_id?: string };

const settled = (order: Order | undefined) =>
  order !== undefined && Object.values(order.work).every((work) => work.state === 'done' || work.state === 'failed');

export function soakBenchmark(orders = 400, concurrency = 20): Promise<string> {
  const chance = (percent: number) => Math.random() * 100 < percent;
  return withBenchStack(
    {
      workerConcurrency: 4,
      sweepIntervalMs: 2000,
      env: { RETRY_BASE_SECONDS: '1', AX_POLL_SECONDS: '1', SWEEP_GRACE_SECONDS: '2' },
    },
    async ({ stack, douyin, ax }) => {
      const busy = { body: { data: { error_code: 2119003, description: 'busy' }, extra: { logid: 'soak', now: 0 } } };
      ax.failNext(
        'create',
        ...Array(5).fill({ httpStatus: 500, body: { detail: 'boom' } }),
        ...Array(3).fill({ delayMs: 2500, thenNormal: true }),
      );
      ax.failNext('get', ...Array(5).fill({ httpStatus: 503, body: {} }));
      douyin.failNext('status', ...Array(5).fill(busy));

      const url = (route: string) => `${stack.url}/poi/ext/hotel/order/${route}`;
      const post = async (route: string, body: unknown) => (await (await signedPost(url(route), body)).json()) as Reply;
      const problems: string[] = [];
      const ids: string[] = [];
      const cancelled = new Set<string>();
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < orders) {
            next += 1;
            const id = `83${String(started).slice(-8)}${String(next).padStart(8, '0')}`;
            ids.push(id);
            const body = benchCommit(id, { spu_ext_id: 'RT-STD-KING', total_price: 100000 });
            const replies = await Promise.all(Array.from({ length: chance(30) ? 2 : 1 }, () => post('commit', body)));
            const orderExtId = replies.find((reply) => reply.order_ext_id !== undefined)?.order_ext_id;
            if (replies.some((reply) => reply.error_code !== 0) || orderExtId === undefined) {
              problems.push(`${id}: commit answered ${JSON.stringify(replies)}`);
              continue;
            }
            if (!chance(40)) continue;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 800));
            const reply = await post('cancel', {
              supplier_ext_id: 'SUP-SEL-001',
              order_id: id,
              order_ext_id: orderExtId,
              order_status: 1,
            });
            if (reply.error_code === 0) cancelled.add(id);
            else problems.push(`${id}: cancel answered ${JSON.stringify(reply)}`);
          }
        }),
      );
      const sent = Date.now() - started;

      let open = ids;
      for (const deadline = Date.now() + 120_000; open.length > 0 && Date.now() < deadline; ) {
        const states = await Promise.all(open.map((id) => getOrder(id)));
        open = open.filter((_, index) => !settled(states[index]));
        if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (const id of open) problems.push(`${id}: work still owed after 120 s`);

      // With DOUYIN_ORDER_SYNC=on, the last sync Douyin accepted for each order must match its end state.
      const syncing = getConfig().douyin.orderSync;
      const lastSync = new Map<string, { status?: string; confirm_status?: number }>();
      for (const call of douyin.syncCalls) {
        const detail = JSON.parse(String(call.body.order_detail)) as {
          order_id: string;
          status?: string;
          confirm_status?: number;
        };
        lastSync.set(detail.order_id, detail);
      }
      for (const id of ids) {
        const order = await getOrder(id);
        if (order === undefined) continue;
        const axOrders = ax.ordersFor(order.orderExtId);
        for (const work of Object.values(order.work)) {
          if (work.state === 'failed') problems.push(`${id}: ${work.id} failed (${work.lastError})`);
        }
        if (axOrders.length > 1) problems.push(`${id}: ${axOrders.length} AX orders`);
        if (syncing) {
          const last = lastSync.get(id);
          if (last?.status !== order.status || last.confirm_status !== order.confirmStatus) {
            problems.push(
              `${id}: Douyin's last sync says ${JSON.stringify(last)}, the order is ${order.status}/${order.confirmStatus}`,
            );
          }
        }
        if (cancelled.has(id)) {
          if (order.status !== 'CANCELLED') problems.push(`${id}: cancel accepted, order ${order.status}`);
          for (const axOrder of axOrders) {
            if (axOrder.status !== 'Traveler cancel') problems.push(`${id}: cancelled, AX order ${axOrder.status}`);
          }
        } else {
          if (axOrders[0]?.status !== 'Supplier confirm') problems.push(`${id}: AX order ${axOrders[0]?.status ?? 'missing'}`);
          if (douyin.acceptedStatus(id) !== 0) problems.push(`${id}: Douyin told ${douyin.acceptedStatus(id)}, not 0`);
        }
      }
      return [
        `soak: ${ids.length} AX-mapped paid commits, ${concurrency} at a time, ${cancelled.size} cancelled while in flight`,
        `sent in ${(sent / 1000).toFixed(1)} s, all settled ${((Date.now() - started) / 1000).toFixed(1)} s after the first; ` +
          `AX: ${ax.creates.length} creates, ${ax.orders.size} orders, ${ax.cancels.length} cancels; Douyin: ${douyin.statusCalls.length} statuses accepted`,
        problems.length === 0
          ? `every invariant held: one AX order at most per order, cancelled orders cancelled in AX, the rest confirmed in AX and told to Douyin, no failed work${syncing ? ", Douyin's last order sync matching each order" : ''}`
          : `${problems.length} broken invariants:\n${problems.slice(0, 50).join('\n')}`,
      ].join('\n');
    },
  );
}
