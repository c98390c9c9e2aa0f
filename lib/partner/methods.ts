/**
 * The partner's methods by request root (SPEC §3, §3b): each a schema and its domain function. Each is marked
 * pure so that a per-method Lambda's bundle keeps only its own method (esbuild drops the others and what only
 * they import: HotelRooms carries no CreateOrder and no SQS client); `/partner` keeps them all.
 */
import { cancelPartnerOrder } from './cancel-order.js';
import { createOrder } from './create-order.js';
import { partnerMethod } from './middleware.js';
import { hotelRooms, roomAvailability } from './quotes.js';
import {
  cancelOrderRequestSchema,
  createOrderRequestSchema,
  hotelRoomsRequestSchema,
  roomAvailabilityRequestSchema,
  searchOrderRequestSchema,
} from './schema.js';
import { searchOrder } from './search-order.js';

export const HOTEL_ROOMS = /* @__PURE__ */ partnerMethod({
  root: 'HotelRoomsRequest',
  route: 'hotelRooms',
  schema: hotelRoomsRequestSchema,
  handle: hotelRooms,
});
export const ROOM_AVAILABILITY = /* @__PURE__ */ partnerMethod({
  root: 'RoomAvailabilityRequest',
  route: 'roomAvailability',
  schema: roomAvailabilityRequestSchema,
  handle: roomAvailability,
});
export const CREATE_ORDER = /* @__PURE__ */ partnerMethod({
  root: 'CreateOrderRequest',
  route: 'createOrder',
  schema: createOrderRequestSchema,
  handle: createOrder,
});
export const CANCEL_ORDER = /* @__PURE__ */ partnerMethod({
  root: 'CancelOrderRequest',
  route: 'cancelOrder',
  schema: cancelOrderRequestSchema,
  handle: cancelPartnerOrder,
});
export const SEARCH_ORDER = /* @__PURE__ */ partnerMethod({
  root: 'SearchOrderRequest',
  route: 'searchOrder',
  schema: searchOrderRequestSchema,
  handle: searchOrder,
});

/** Every method the single address `/partner` answers. */
export const PARTNER_METHODS = [HOTEL_ROOMS, ROOM_AVAILABILITY, CREATE_ORDER, CANCEL_ORDER, SEARCH_ORDER] as const;
