/**
 * Making a room type's nights hold what an order wants (SPEC §5): all its rooms on every night while it
 * stands, nothing once it is cancelled or rejected. One night at a time, in order, each a conditional update
 * that happens once per order; a short night gives back the nights already held, so what stands is all or
 * nothing. The work item `inventory.sync` is the recorded intent: the request that owes it runs it at once
 * under its claim, and if that request dies the worker runs it again after the claim's lease, idempotently.
 */
import { randomUUID } from 'node:crypto';
import type { Inventory } from '../catalog/schema.js';
import { Counter, count, logger } from '../observability/logger.js';
import { type InlineClaim, type Order, type OrderEvent, refOf, type WorkOutcome, WorkType, wantsRooms } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { type Applied, applyEvent } from './apply.js';
import { owePushes } from './push.js';

/** A night's allotment by the catalog: its own number, or the default; a room type no longer managed has none. */
export function allotmentOf(inventory: Inventory | undefined, night: string): number {
  return inventory?.[night] ?? inventory?.default ?? 0;
}

/** The holder a night records for an order: its channel and id. */
const holderOf = (order: Order) => `${order.channel}#${order.orderId}`;

/**
 * Holds or gives back the order's nights, as the order wants now.
 * @returns the outcome the order's rules record: the nights held, short (and nothing held), or released.
 */
export async function syncNights(order: Order): Promise<WorkOutcome> {
  const hold = order.inventory;
  if (hold === undefined) return { kind: 'permanent', detail: 'the order holds no nights' };
  const { nights } = stores();
  const holder = holderOf(order);
  const [first, last] = [hold.nights[0] ?? '', hold.nights.at(-1) ?? ''];
  if (!wantsRooms(order)) {
    let released = false;
    for (const night of hold.nights) released = (await nights.release(hold.spuExtId, night, hold.rooms, holder)) || released;
    if (released) await owePushes(hold.spuExtId, first, last);
    return { kind: 'ok', value: { type: WorkType.InventorySync, nights: 'released' } };
  }
  const inventory = (await stores().catalog.roomType(hold.spuExtId))?.roomType.inventory;
  const held: string[] = [];
  for (const night of hold.nights) {
    if (await nights.hold(hold.spuExtId, night, hold.rooms, holder, allotmentOf(inventory, night))) {
      held.push(night);
      continue;
    }
    for (const taken of held) await nights.release(hold.spuExtId, taken, hold.rooms, holder);
    count(Counter.OutOfStock, { name: 'spuExtId', value: hold.spuExtId });
    return { kind: 'ok', value: { type: WorkType.InventorySync, nights: 'short' }, detail: `no ${hold.rooms} rooms on ${night}` };
  }
  if (held.length > 0) await owePushes(hold.spuExtId, first, last);
  return { kind: 'ok', value: { type: WorkType.InventorySync, nights: 'held' } };
}

/** A fresh claim for a request that will run the nights' sync itself. */
export function inlineClaim(request: string): InlineClaim {
  return { token: randomUUID(), request };
}

/**
 * Runs the nights' sync at once when `order` owes it under `claim` (the request just made the change that
 * owes it), and records what it did. When the store fails meanwhile, the claim's lease runs out and the
 * worker does it instead: nothing is half done for good, so a failure here is logged, not thrown.
 * @returns the order as recorded after the sync, or undefined when it was not this request's to run or failed.
 */
export async function settleNightsInline(
  order: Order,
  claim: InlineClaim,
  now = Date.now(),
): Promise<Applied<Extract<OrderEvent, { type: 'outcome' }>> | undefined> {
  if (order.work[WorkType.InventorySync]?.claimToken !== claim.token) return undefined;
  try {
    const startedAt = Date.now();
    const outcome = await syncNights(order);
    return await applyEvent(
      refOf(order),
      {
        type: 'outcome',
        workId: WorkType.InventorySync,
        request: claim.request,
        startedAt,
        outcome,
        claimed: true,
        token: claim.token,
      },
      { now: Math.max(now, Date.now()), known: order, deferSend: true },
    );
  } catch (error) {
    logger.warn('nights not settled at once; the worker will', { orderId: order.orderId, error: error as Error });
    return undefined;
  }
}
