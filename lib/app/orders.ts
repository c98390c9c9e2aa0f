/** Reading an order where a refusal record is no order (the worker, ops, the benchmarks). */
import { isRefusal, type Order, type OrderRef } from '../orders/index.js';
import { stores } from '../store/stores.js';

/** The order under `ref`, read consistently; undefined for none or for a channel's refusal. */
export async function getOrder(ref: OrderRef): Promise<Order | undefined> {
  const record = await stores().orders.get(ref);
  return isRefusal(record) ? undefined : record;
}

/** A Douyin order by its `order_id`. */
export const douyinOrder = (orderId: string) => getOrder({ channel: 'douyin', orderId });
