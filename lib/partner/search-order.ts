/** searchOrder (SPEC §3): finds the order and answers its status, price and, on request, the Hotel node. */
import { recordsByChannelId } from '../app/orders.js';
import { sellingPrice, storedNights } from '../app/rates.js';
import { availableOf, stockFrom } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import { planOf, plansOf, type RatePlan } from '../catalog/plans.js';
import {
  ConfirmStatus,
  dashedYmd,
  isRefusal,
  nightsBetween,
  type Order,
  type OrderRecord,
  OrderStatus,
  refOf,
} from '../orders/index.js';
import { stores } from '../store/stores.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError } from './errors.js';
import type { PartnerAnswer, PartnerInput } from './middleware.js';
import { yuan } from './money.js';
import { boardOf, CURRENCY, cancelPolicies, hotelFields, rateNames, roomTypeFields } from './rate-node.js';
import type { SearchOrderRequest } from './schema.js';

/** PENDING until confirmed; CANCELLED when cancelled or rejected by AX. */
export function partnerStatus(order: Order): 'PENDING' | 'CONFIRMED' | 'CANCELLED' {
  if (order.status === OrderStatus.Cancelled || order.axRejected === true) return 'CANCELLED';
  if (order.status === OrderStatus.Paid && order.confirmStatus === ConfirmStatus.Confirmed) return 'CONFIRMED';
  return 'PENDING';
}

/** A partner create that was refused (its nights short) was never an order to the partner; a refusal is none either. */
function isOrder(record: OrderRecord | undefined): record is Order {
  if (record === undefined || isRefusal(record)) return false;
  return record.channel !== PARTNER || record.inventory?.state !== 'out-of-stock';
}

/** The order a channel's own id names, the partner's own first. */
async function byChannelId(orderId: string): Promise<Order | undefined> {
  return (await recordsByChannelId(orderId, PARTNER)).find(isOrder);
}

/**
 * TaoBaoOrderId first, matched against the channel's order id (the partner's own orders, then Douyin's);
 * otherwise OrderId as our order_ext_id or a channel's id.
 */
async function findPartnerOrder(request: SearchOrderRequest): Promise<Order> {
  const order =
    request.TaoBaoOrderId !== undefined
      ? await byChannelId(request.TaoBaoOrderId)
      : ([await stores().orders.getByExtId(request.OrderId ?? '')].find(isOrder) ?? (await byChannelId(request.OrderId ?? '')));
  if (order === undefined) {
    const named = request.TaoBaoOrderId !== undefined ? `TaoBaoOrderId ${request.TaoBaoOrderId}` : `OrderId ${request.OrderId}`;
    throw new PartnerError(PartnerCode.OrderNotFound, `no order with ${named}`);
  }
  return order;
}

/** The rate plan an order was booked on: its rate code's, else the room type's first. */
function orderPlan(order: Order, entry: CatalogEntry): RatePlan {
  const code = order.booking.rateCode;
  return ((code === undefined ? undefined : planOf(entry.roomType, code)) ?? plansOf(entry.roomType)[0]) as RatePlan;
}

/**
 * The Hotel node's nights, read once: what each night of the order cost (the prices the channel sent with it,
 * or the nightly prices, table then catalog, or an even share) and, for a room type sold from our own
 * allotment, the rooms still available over them (SPEC §5: the smallest night's).
 */
async function orderNights(
  order: Order,
  entry: CatalogEntry,
): Promise<{ nights: { day: string; fen: number }[]; allotment?: number }> {
  const { booking } = order;
  const nights = nightsBetween(booking.checkIn, booking.checkOut);
  const sent = new Map(booking.datePrice.map((night) => [night.date, night.datePrice]));
  const even = Math.floor(booking.totalPrice / Math.max(1, nights.length * booking.reserveAmount));
  const [first, last] = [nights[0], nights.at(-1)];
  const stored = first === undefined || last === undefined ? new Map() : await storedNights(entry.roomType.spuExtId, first, last);
  const plan = orderPlan(order, entry);
  const priced = nights.map((night) => ({
    day: dashedYmd(night),
    fen: sent.get(night) ?? sellingPrice(entry, plan, order.channel, night, stored) ?? even,
  }));
  const { inventory } = entry.roomType;
  return inventory === undefined
    ? { nights: priced }
    : { nights: priced, allotment: availableOf(stockFrom(stored, nights, inventory)) };
}

/**
 * The Hotel node: the catalog's hotel, room type and rate with this order's dates, rooms and nightly prices,
 * and, for a room type sold from our own allotment, the rooms still available over the order's nights.
 */
export function hotelNode(order: Order, entry: CatalogEntry, nights: { day: string; fen: number }[], allotment?: number) {
  const { roomType } = entry;
  const rate = orderPlan(order, entry);
  const { booking } = order;
  const guests = Math.max(1, Math.ceil(booking.customerList.length / booking.reserveAmount));
  return {
    ...hotelFields(entry, booking.checkIn, booking.checkOut),
    RoomTypes: {
      RoomType: {
        ...roomTypeFields(entry),
        RateInfos: {
          RateInfo: {
            RateKey: `${roomType.spuExtId}:${rate.code}`,
            ...rateNames(rate),
            ...(allotment === undefined ? {} : { Allotment: allotment }),
            Refundable: rate.refundable,
            ...boardOf(rate),
            CurrencyCode: CURRENCY,
            TotalPrice: yuan(booking.totalPrice),
            ...cancelPolicies(entry, rate),
            RateComments: { RateComment: rate.comments },
            PaxPriceRooms: {
              PaxPriceRoom: Array.from({ length: booking.reserveAmount }, (_, index) => ({
                RoomIndex: index + 1,
                Adults: Math.min(roomType.maxOccupancy, guests),
                Children: 0,
                DailyInfos: {
                  DailyInfo: nights.map((night) => ({ Day: night.day, Price: yuan(night.fen), CurrencyCode: CURRENCY })),
                },
              })),
            },
          },
        },
      },
    },
  };
}

/** The SearchOrderResponse content (without its root) for the order the request names, and that order. */
export async function searchOrder({ body }: PartnerInput<SearchOrderRequest>): Promise<PartnerAnswer> {
  const order = await findPartnerOrder(body);
  const entry = body.IncludeDetail ? await stores().catalog.roomType(order.booking.spuExtId) : undefined;
  const detail = entry === undefined ? undefined : await orderNights(order, entry);
  const content = {
    TaoBaoOrderId: order.orderId,
    OrderId: order.orderExtId,
    ...(order.axOrderCodes[0] === undefined ? {} : { PMSOrderId: order.axOrderCodes[0] }),
    OrderStatus: partnerStatus(order),
    TotalPrice: yuan(order.booking.totalPrice),
    CurrencyCode: CURRENCY,
    ...(entry === undefined || detail === undefined ? {} : { Hotel: hotelNode(order, entry, detail.nights, detail.allotment) }),
  };
  return { content, matched: refOf(order), summary: content.OrderStatus };
}
