/**
 * Finding orders by any of their ids, for every registered channel: our order_ext_id, or a channel's own
 * order id (the same digits may name an order in more than one channel). `ops`, the partner's searchOrder and
 * the worker read orders here; a channel's refusal (a partner create refused before it held) is no order.
 */
import { CHANNEL_IDS } from '../channels/registry.js';
import { isRefusal, type Order, type OrderRecord, type OrderRef } from '../orders/index.js';
import { stores } from '../store/stores.js';

/** The order under `ref`, read consistently; undefined for none or for a channel's refusal. */
export async function getOrder(ref: OrderRef): Promise<Order | undefined> {
  const record = await stores().orders.get(ref);
  return isRefusal(record) ? undefined : record;
}

/**
 * What each channel keeps under its own order id `orderId`: orders and refusals, `first`'s before the others'.
 * @example await recordsByChannelId('4012345678901234567', 'partner')
 */
export async function recordsByChannelId(orderId: string, first?: string): Promise<OrderRecord[]> {
  const channels = first === undefined ? CHANNEL_IDS : [first, ...CHANNEL_IDS.filter((channel) => channel !== first)];
  const records = await Promise.all(channels.map((channel) => stores().orders.get({ channel, orderId })));
  return records.filter((record): record is OrderRecord => record !== undefined);
}

/** Every order an id names: the one whose order_ext_id it is, else each channel's order under that id. */
export async function ordersNamed(id: string): Promise<Order[]> {
  const byExtId = await stores().orders.getByExtId(id);
  if (byExtId !== undefined) return [byExtId];
  return (await recordsByChannelId(id)).filter((record): record is Order => !isRefusal(record));
}
