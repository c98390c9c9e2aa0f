/**
 * The sweeper: DynamoDB is the source of truth for owed work, SQS only its transport. Work that is due
 * and overdue by the grace period (its message lost, a crash between the write and the send, a restart)
 * is sent to the queue again; the policy's `sweep` marks it so the next sweeps leave it be meanwhile.
 */
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { decide, policyOf } from '../orders/policy.js';
import { enqueueWork } from '../queue/work-queue.js';
import { dueOrderIds, mutateOrder } from '../store/orders-store.js';

/**
 * @returns how many orders and work items were re-enqueued.
 * @example await sweepDueWork() // { orders: 1, enqueued: 2 }
 */
export async function sweepDueWork(now = Date.now()): Promise<{ orders: number; enqueued: number }> {
  const policy = policyOf(getConfig());
  let enqueued = 0;
  const ids = await dueOrderIds(now - policy.sweepGraceSeconds * 1000);
  for (const orderId of ids) {
    const swept = (await mutateOrder(orderId, (order) => decide(order, { type: 'sweep' }, now, policy)))?.result.swept ?? [];
    if (swept.length === 0) continue;
    await enqueueWork(swept.map((workId) => ({ orderId, workId })));
    enqueued += swept.length;
  }
  if (enqueued > 0) logger.info('sweeper re-enqueued due work', { orders: ids.length, enqueued });
  return { orders: ids.length, enqueued };
}
