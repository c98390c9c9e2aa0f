/**
 * The sweeper: DynamoDB is the source of truth for owed work, SQS only its transport. Work that is due
 * and overdue by the grace period (its message lost, a crash between the write and the send, a restart)
 * is sent to the queue again.
 */
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { WorkState } from '../orders/model.js';
import { readyAt } from '../orders/state-machine.js';
import { enqueueWork } from '../queue/work-queue.js';
import { dueOrderIds, mutateOrder } from '../store/orders-store.js';

/**
 * @returns how many orders and work items were re-enqueued.
 * @example await sweepDueWork() // { orders: 1, enqueued: 2 }
 */
export async function sweepDueWork(now = Date.now()): Promise<{ orders: number; enqueued: number }> {
  const graceMs = getConfig().sweepGraceSeconds * 1000;
  const cutoff = now - graceMs;
  let enqueued = 0;
  const ids = await dueOrderIds(cutoff);
  for (const orderId of ids) {
    const swept: string[] = [];
    // Marking resweepAt keeps the next sweeps from sending the same work again while this message is on its way.
    await mutateOrder(orderId, (order) => {
      const next = structuredClone(order);
      swept.length = 0;
      for (const item of Object.values(next.work)) {
        if (item.state !== WorkState.Pending) continue;
        if (readyAt(item) > cutoff) continue;
        item.resweepAt = now + graceMs;
        swept.push(item.id);
      }
      return { order: next, due: [], changed: swept.length > 0 };
    });
    if (swept.length === 0) continue;
    await enqueueWork(swept.map((workId) => ({ orderId, workId })));
    enqueued += swept.length;
  }
  if (enqueued > 0) logger.info('sweeper re-enqueued due work', { orders: ids.length, enqueued });
  return { orders: ids.length, enqueued };
}
