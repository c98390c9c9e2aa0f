/** A Douyin order by its `order_id`, for the tests and benchmarks that book through Douyin. */
import { getOrder } from '../lib/app/orders.js';
import { DOUYIN } from '../lib/douyin/channel.js';

export const douyinOrder = (orderId: string) => getOrder({ channel: DOUYIN, orderId });
