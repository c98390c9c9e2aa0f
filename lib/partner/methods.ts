/** The partner's methods by request root (SPEC §3, §3b): each a schema and its domain function. */
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

export const HOTEL_ROOMS = partnerMethod({
  root: 'HotelRoomsRequest',
  route: 'hotelRooms',
  schema: hotelRoomsRequestSchema,
  handle: hotelRooms,
});
export const ROOM_AVAILABILITY = partnerMethod({
  root: 'RoomAvailabilityRequest',
  route: 'roomAvailability',
  schema: roomAvailabilityRequestSchema,
  handle: roomAvailability,
});
export const CREATE_ORDER = partnerMethod({
  root: 'CreateOrderRequest',
  route: 'createOrder',
  schema: createOrderRequestSchema,
  handle: createOrder,
});
export const CANCEL_ORDER = partnerMethod({
  root: 'CancelOrderRequest',
  route: 'cancelOrder',
  schema: cancelOrderRequestSchema,
  handle: cancelPartnerOrder,
});
export const SEARCH_ORDER = partnerMethod({
  root: 'SearchOrderRequest',
  route: 'searchOrder',
  schema: searchOrderRequestSchema,
  handle: searchOrder,
});

/** Every method the single address `/partner` answers. */
export const PARTNER_METHODS = [HOTEL_ROOMS, ROOM_AVAILABILITY, CREATE_ORDER, CANCEL_ORDER, SEARCH_ORDER] as const;
