/**
 * Douyin's calendar-room family (酒店日历房, SPEC §11) as a third channel: its SPIs, what its orders owe
 * (the confirmation through the confirm OpenAPI, the decision on an audited cancel), where its guest data is.
 */
import type { ChannelDescriptor, ChannelFunction } from '../channels/descriptor.js';
import { WorkType } from '../orders/index.js';

export const DOUYIN_HOTEL = 'douyinHotel';

/** One SPI: `functions/douyin-hotel-<route>.ts` behind `POST /douyin/hotel/<route>`. */
const spi = (route: string, description: string, extra: Partial<ChannelFunction> = {}): ChannelFunction => ({
  name: `douyin-hotel-${route}`,
  method: 'POST',
  path: `/douyin/hotel/${route}`,
  route: `hotel-${route}`,
  description: `Douyin calendar room: ${description}`,
  table: ['GetItem', 'PutItem', 'Query'],
  secrets: ['douyin'],
  ...extra,
});

export const douyinHotelChannel: ChannelDescriptor = {
  id: DOUYIN_HOTEL,
  orderIdName: 'order_id',
  owes: {
    confirmation: WorkType.DouyinHotelConfirm,
    cancelDecision: WorkType.DouyinHotelCancelAudit,
    stayNotice: WorkType.DouyinHotelStayNotice,
  },
  guestData: {
    format: 'json',
    routes: ['hotel-create-order'],
    fields: ['remark_from_guest', 'remark_from_douyin'],
    lists: ['occupancies', 'contact_info'],
  },
  outboundSecrets: ['douyin'],
  planCode: 'ratePlanId',
  pushesAri: true,
  // GetItem/Query: the catalog and a stay's nights; PutItem: the order and the request's history; UpdateItem:
  // a create holds its nights and an accepted cancel gives them back, a night at a time.
  functions: [
    spi('ari-pull', 'the pull of price, inventory and availability per rate plan'),
    spi('can-buy', 'the bookability check'),
    spi('create-order', 'create an order', { table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'], sendsWork: true }),
    spi('pay-notify', 'payment notice', { sendsWork: true }),
    spi('cancel', 'cancel, at once or for the supplier to decide', {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
      sendsWork: true,
    }),
    spi('refund-notify', 'refund notice'),
    spi('modify-order', 'modify order (refused)'),
  ],
};
