/** The partner's Fliggy "International Hotel" interface as a channel (SPEC §3, §3b). */
import type { ChannelDescriptor } from '../channels/descriptor.js';

export const PARTNER = 'partner';

export const partnerChannel: ChannelDescriptor = {
  id: PARTNER,
  orderIdName: 'TaoBaoOrderId',
  // The partner asks (SearchOrder) rather than being told.
  owes: {},
  guestData: {
    format: 'xml',
    // A CreateOrder sent to the single address is kept under its method's route, as at /createOrder.
    routes: ['createOrder'],
    elements: ['ContactSurname', 'ContactName', 'ContactPhone', 'ContactEmail', 'specialRequest', 'Memo', 'PaxNames'],
  },
  outboundSecrets: [],
  // The quotes read the catalog and the nights (Query) and keep the request's history (PutItem); a create
  // holds nights (UpdateItem) and owes AX its create (SendMessage); a cancel gives them back.
  functions: [
    {
      name: 'partner-hotel-rooms',
      method: 'POST',
      path: '/hotelRooms',
      route: 'hotelRooms',
      description: 'Partner: HotelRooms, every rate of a hotel for the rooms and nights asked',
      table: ['GetItem', 'PutItem', 'Query'],
      secrets: ['partner', 'rateKey'],
    },
    {
      name: 'partner-room-availability',
      method: 'POST',
      path: '/roomAvailability',
      route: 'roomAvailability',
      description: 'Partner: RoomAvailability, one rate re-priced live',
      table: ['GetItem', 'PutItem', 'Query'],
      secrets: ['partner', 'rateKey'],
    },
    {
      name: 'partner-create-order',
      method: 'POST',
      path: '/createOrder',
      route: 'createOrder',
      description: 'Partner: CreateOrder from the shared allotment',
      table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
      sendsWork: true,
      secrets: ['partner', 'rateKey'],
    },
    {
      name: 'partner-cancel-order',
      method: 'POST',
      path: '/cancelOrder',
      route: 'cancelOrder',
      description: 'Partner: CancelOrder, always, once',
      table: ['GetItem', 'PutItem', 'UpdateItem'],
      sendsWork: true,
      secrets: ['partner'],
    },
    {
      name: 'partner-search-order',
      method: 'POST',
      path: '/searchOrder',
      route: 'searchOrder',
      description: 'Partner: searchOrder XML inquiry',
      table: ['GetItem', 'PutItem', 'Query'],
      readsOrderIndex: true,
      secrets: ['partner'],
    },
    {
      name: 'partner',
      method: 'POST',
      path: '/partner',
      route: 'partner',
      description: 'Partner: the single address, every method by its root element',
      table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
      readsOrderIndex: true,
      sendsWork: true,
      secrets: ['partner', 'rateKey'],
      dispatches: true,
    },
  ],
};
