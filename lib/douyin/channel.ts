/** Douyin's hotel SPI as a channel (SPEC §2, §5): its Lambdas, what its orders owe, where its guest data is. */
import type { ChannelDescriptor } from '../channels/descriptor.js';
import { WorkType } from '../orders/index.js';

export const DOUYIN = 'douyin';

export const douyinChannel: ChannelDescriptor = {
  id: DOUYIN,
  orderIdName: 'order_id',
  owes: { confirmation: WorkType.DouyinOrderStatus, stateChange: WorkType.DouyinOrderSync },
  guestData: {
    format: 'json',
    routes: ['commit', 'cancel', 'status'],
    fields: ['customer_name', 'customer_phone', 'remark'],
    lists: ['customer_list'],
  },
  outboundSecrets: ['douyin'],
  planCode: 'spuExtId',
  // UpdateItem: a commit holds its nights and a cancel gives them back, a night at a time; Query: a paid
  // commit's and a payment's price check read the stay's nights; PutItem: the order and the request's history.
  functions: [
    {
      name: 'douyin-order-commit',
      method: 'POST',
      path: '/poi/ext/hotel/order/commit',
      route: 'commit',
      description: 'Douyin SPI: commit an order',
      table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
      sendsWork: true,
      secrets: ['douyin'],
    },
    {
      name: 'douyin-order-cancel',
      method: 'POST',
      path: '/poi/ext/hotel/order/cancel',
      route: 'cancel',
      description: 'Douyin SPI: cancel an order',
      table: ['GetItem', 'PutItem', 'UpdateItem'],
      sendsWork: true,
      secrets: ['douyin'],
    },
    {
      name: 'douyin-order-status',
      method: 'POST',
      path: '/poi/ext/hotel/order/status',
      route: 'status',
      description: 'Douyin SPI: payment notice',
      table: ['GetItem', 'PutItem', 'Query'],
      sendsWork: true,
      secrets: ['douyin'],
    },
    {
      name: 'douyin-hotel-sku',
      method: 'GET',
      path: '/poi/ext/hotel/sku',
      route: 'sku',
      description: 'Douyin SPI: the pull of nightly price and stock',
      table: ['GetItem', 'PutItem', 'Query'],
      secrets: ['douyin'],
    },
  ],
};
