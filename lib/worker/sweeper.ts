/**
 * The sweeper: DynamoDB is the source of truth for owed work, SQS only its transport. Work that is due and
 * overdue by the grace period (its message lost, a crash between the write and the send, a claim whose
 * holder died, a restart) is sent to the queue again; the order's `sweep` marks it so the next sweeps leave
 * it be meanwhile.
 */
import { applyEvent } from '../app/apply.js';
import { ARI_PUSH_PREFIX, ARI_PUSH_WORK } from '../app/push.js';
import { CHANNELS } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { workQueue } from '../queue/work-queue.js';
import { stores } from '../store/stores.js';

/**
 * @returns how many orders and work items were re-enqueued.
 * @example await sweepDueWork() // { orders: 1, enqueued: 2 }
 */
export async function sweepDueWork(now = Date.now()): Promise<{ orders: number; enqueued: number }> {
  let enqueued = 0;
  const refs = await stores().orders.due(now - getConfig().sweepGraceSeconds * 1000, 500);
  for (const ref of refs) {
    const swept = (await applyEvent(ref, { type: 'sweep' }, { now }))?.result.swept ?? [];
    if (swept.length === 0) continue;
    await workQueue().send(swept.map((workId) => ({ ...ref, workId })));
    enqueued += swept.length;
  }
  // ARI owed for longer than the grace period: its nudge was lost or its push failed; send one again.
  for (const channel of CHANNELS.filter((one) => one.pushesAri === true)) {
    const stale = (await stores().pushes.list(channel.id)).filter(
      (debt) => debt.since < now - getConfig().sweepGraceSeconds * 1000,
    );
    if (stale.length === 0) continue;
    await workQueue().send(
      stale.map((debt) => ({ channel: channel.id, orderId: `${ARI_PUSH_PREFIX}${debt.roomType}`, workId: ARI_PUSH_WORK })),
    );
    enqueued += stale.length;
  }
  if (enqueued > 0) logger.info('sweeper re-enqueued due work', { orders: refs.length, enqueued });
  return { orders: refs.length, enqueued };
}
