/** Every HTTP route and the Lambda that answers it: the one list the CDK stack and the local stack both read. */

export const FunctionName = {
  DouyinOrderCommit: 'douyin-order-commit',
  DouyinOrderCancel: 'douyin-order-cancel',
  DouyinOrderStatus: 'douyin-order-status',
  DouyinHotelSku: 'douyin-hotel-sku',
  PartnerHotelRooms: 'partner-hotel-rooms',
  PartnerRoomAvailability: 'partner-room-availability',
  PartnerCreateOrder: 'partner-create-order',
  PartnerCancelOrder: 'partner-cancel-order',
  PartnerSearchOrder: 'partner-search-order',
  /** The partner's single address: every method, dispatched on the root element. */
  Partner: 'partner',
  SyncWorker: 'sync-worker',
  Sweeper: 'sweeper',
  Reconciler: 'reconciler',
  GuestDataRetention: 'guest-data-retention',
} as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

export interface Route {
  method: 'POST' | 'GET';
  /** Without a trailing slash; both forms are served. */
  path: string;
  functionName: FunctionName;
}

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/poi/ext/hotel/order/commit', functionName: FunctionName.DouyinOrderCommit },
  { method: 'POST', path: '/poi/ext/hotel/order/cancel', functionName: FunctionName.DouyinOrderCancel },
  { method: 'POST', path: '/poi/ext/hotel/order/status', functionName: FunctionName.DouyinOrderStatus },
  { method: 'GET', path: '/poi/ext/hotel/sku', functionName: FunctionName.DouyinHotelSku },
  { method: 'POST', path: '/hotelRooms', functionName: FunctionName.PartnerHotelRooms },
  { method: 'POST', path: '/roomAvailability', functionName: FunctionName.PartnerRoomAvailability },
  { method: 'POST', path: '/createOrder', functionName: FunctionName.PartnerCreateOrder },
  { method: 'POST', path: '/cancelOrder', functionName: FunctionName.PartnerCancelOrder },
  { method: 'POST', path: '/searchOrder', functionName: FunctionName.PartnerSearchOrder },
  { method: 'POST', path: '/partner', functionName: FunctionName.Partner },
];

/** The route for a method and path, accepting the path with or without a trailing slash. */
export function matchRoute(method: string, path: string): Route | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((route) => route.method === method && route.path === bare);
}
