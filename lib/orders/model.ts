/** The order as stored: its booking, state, owed outbound work and every outbound attempt. */

/** Lifecycle of a Douyin order on our side. */
export const OrderStatus = { Unpaid: 'UNPAID', Paid: 'PAID', Cancelled: 'CANCELLED' } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Douyin's ConfirmStatus: 0 confirmed, 1 price changed, 2 out of stock, 3 still confirming. */
export const ConfirmStatus = { Confirmed: 0, PriceChanged: 1, OutOfStock: 2, Confirming: 3 } as const;
export type ConfirmStatus = (typeof ConfirmStatus)[keyof typeof ConfirmStatus];

/** Outbound work an order can owe (SPEC §4). */
export const WorkType = {
  DouyinOrderStatus: 'douyin.order-status',
  DouyinOrderSync: 'douyin.order-sync',
  AxCreateOrder: 'ax.create-order',
  AxPollOrder: 'ax.poll-order',
  AxCancelOrder: 'ax.cancel-order',
} as const;
export type WorkType = (typeof WorkType)[keyof typeof WorkType];

export const WorkState = { Pending: 'pending', Done: 'done', Failed: 'failed' } as const;
export type WorkState = (typeof WorkState)[keyof typeof WorkState];

/** One piece of owed work; its id is unique on the order (e.g. `ax.cancel-order:<ax_order_code>`). */
export interface WorkItem {
  id: string;
  type: WorkType;
  state: WorkState;
  /** Attempts that reached the partner (or failed trying), toward MAX_ATTEMPTS. */
  attempts: number;
  /** Epoch ms when the work may next run. */
  dueAt: number;
  /** Epoch ms until which one worker holds the work (an outbound call that must not run twice at once). */
  leaseUntil?: number;
  /** Epoch ms before which the sweeper will not send this work again (it just did). */
  resweepAt?: number;
  axOrderCode?: string;
  lastError?: string;
  note?: string;
  createdAt: number;
  updatedAt: number;
}

/** One outbound call, as kept on the order for the on-call engineer. */
export interface Attempt {
  workId: string;
  at: number;
  request: string;
  httpStatus?: number;
  outcome: 'started' | 'delivered' | 'retry' | 'failed' | 'pending';
  detail?: string;
  durationMs?: number;
}

/** What the guest booked, normalised from the commit body. Money is integer fen. */
export interface Booking {
  spuExtId: string;
  supplierExtId: string;
  hotelCode: string;
  reserveAmount: number;
  checkIn: string;
  checkOut: string;
  totalPrice: number;
  remark?: string;
  customerName: string;
  customerPhone: string;
  customerList: { surname?: string; given_name?: string; cn_name?: string }[];
  datePrice: { date: string; datePrice: number }[];
}

/**
 * The rooms an order holds from a room type's own allotment (SPEC §5): `reserve_amount` rooms on every
 * night of the stay. `held` from the commit that could hold them, `released` once (on cancel, or AX's
 * rejection), or `out-of-stock` when a night had too few rooms at the commit (nothing held, confirmed 2).
 */
export interface InventoryHold {
  spuExtId: string;
  nights: string[];
  rooms: number;
  state: 'held' | 'released' | 'out-of-stock';
}

export interface Order {
  orderId: string;
  orderExtId: string;
  channel: 'douyin';
  status: OrderStatus;
  confirmStatus: ConfirmStatus;
  booking: Booking;
  /** sha256 of the commit's content; a repeat commit with another fingerprint is a conflict (40901). */
  fingerprint: string;
  /** Whether the room type maps to an AX Cloud product: then AX decides confirmation. */
  axMapped: boolean;
  axOrderCodes: string[];
  /** AX rejected the booking (an order AX rejected reads CANCELLED to the partner). */
  axRejected?: boolean;
  /** What the order holds of a managed room type's allotment; absent for unmanaged room types. */
  inventory?: InventoryHold;
  work: Record<string, WorkItem>;
  attempts: Attempt[];
  version: number;
  createdAt: number;
  updatedAt: number;
  paidAt?: number;
  confirmedAt?: number;
  cancelledAt?: number;
  /** When the guest's name, phone, customer list and remark were erased (PII_RETENTION_DAYS after check-out). */
  guestDataErasedAt?: number;
}

/** Attempts kept per order; older ones roll off so the item stays far below DynamoDB's 400 KB. */
export const MAX_ATTEMPTS_KEPT = 100;
