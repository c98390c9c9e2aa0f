/** The order as stored: its booking, state, owed outbound work and every outbound attempt. */

/**
 * The sales channel an order came from: a registered channel's id (lib/channels/registry.ts). An order is keyed
 * by its channel and the channel's own order id, so a partner's `TaoBaoOrderId` and a Douyin `order_id` with the
 * same digits never meet.
 */
export type Channel = string;

/** Which order: the channel it came from and that channel's order id. */
export interface OrderRef {
  channel: Channel;
  orderId: string;
}

/** Lifecycle of an order on our side. */
export const OrderStatus = { Unpaid: 'UNPAID', Paid: 'PAID', Cancelled: 'CANCELLED' } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** Douyin's ConfirmStatus, kept for every channel: 0 confirmed, 1 price changed, 2 out of stock, 3 still confirming. */
export const ConfirmStatus = { Confirmed: 0, PriceChanged: 1, OutOfStock: 2, Confirming: 3 } as const;
export type ConfirmStatus = (typeof ConfirmStatus)[keyof typeof ConfirmStatus];

/** Work an order can owe (SPEC §4, §5): calls to the partners, and the holds on its nights. */
export const WorkType = {
  DouyinOrderStatus: 'douyin.order-status',
  DouyinOrderSync: 'douyin.order-sync',
  /** Douyin's calendar-room family: the confirmation (accept or reject) through its confirm OpenAPI. */
  DouyinHotelConfirm: 'douyinHotel.confirm',
  /** Douyin's calendar-room family: the guest checked in, did not come, or checked out (booking/audit/notify). */
  DouyinHotelStayNotice: 'douyinHotel.stay-notice',
  /** Douyin's calendar-room family: the decision on an audited cancel, one per `cancel_id`. */
  DouyinHotelCancelAudit: 'douyinHotel.cancel-audit',
  AxCreateOrder: 'ax.create-order',
  AxPollOrder: 'ax.poll-order',
  AxCancelOrder: 'ax.cancel-order',
  /** Make the nights hold what the order wants: its rooms while it stands, nothing once it is cancelled. */
  InventorySync: 'inventory.sync',
} as const;
export type WorkType = (typeof WorkType)[keyof typeof WorkType];

export const WorkState = {
  Pending: 'pending',
  Done: 'done',
  Failed: 'failed',
  /** An AX create that may have happened without its answer being recorded: an operator decides (SPEC §9). */
  InDoubt: 'in-doubt',
} as const;
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
  /** Who holds the lease; present from a claim until its outcome is recorded. */
  claimToken?: string;
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
  outcome: 'started' | 'delivered' | 'retry' | 'failed' | 'pending' | 'in-doubt';
  detail?: string;
  durationMs?: number;
}

/** A guest named on the booking; the partner's PaxNames and Douyin's customer_list both read as this. */
export interface Guest {
  surname?: string;
  given_name?: string;
  cn_name?: string;
  /** The room the guest stays in (1 for the first), when the channel says: the partner's RoomIndex. */
  room?: number;
}

/** What the guest booked, normalised from the channel's request. Money is integer fen. */
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
  /** The booker's e-mail, where the channel sends one (the partner's ContactEmail). */
  customerEmail?: string;
  customerList: Guest[];
  datePrice: { date: string; datePrice: number }[];
  /** The rate booked, where the channel names one (the partner's RateCode). */
  rateCode?: string;
}

/**
 * The rooms an order holds from a room type's own allotment (SPEC §5): `rooms` on every night of the stay.
 * `pending` until the nights are held (inventory.sync owed), then `held`; `released` once the order no longer
 * wants them; `out-of-stock` when a night had too few rooms (nothing held, and it stays so).
 */
export interface InventoryHold {
  spuExtId: string;
  nights: string[];
  rooms: number;
  state: 'pending' | 'held' | 'released' | 'out-of-stock';
  /** Why the stay was not sold when a stay rule refused it (it held nothing): the rule and its night. */
  refusedBy?: string;
}

export interface Order {
  channel: Channel;
  /** The channel's order id: Douyin's `order_id`, the partner's `TaoBaoOrderId`. */
  orderId: string;
  orderExtId: string;
  status: OrderStatus;
  confirmStatus: ConfirmStatus;
  booking: Booking;
  /** sha256 of the commit's content; a repeat commit with another fingerprint is a conflict. */
  fingerprint: string;
  /** Whether the room type maps to an AX Cloud product: then AX decides confirmation. */
  axMapped: boolean;
  axOrderCodes: string[];
  /** AX rejected the booking (an order AX rejected reads CANCELLED to the partner). */
  axRejected?: boolean;
  /** AX's final answer, kept until the order is paid when it came first. */
  axVerdict?: 'confirm' | 'reject';
  /** At the payment, the total differed from the nightly prices (confirmed as 1, price changed). */
  priceChanged?: boolean;
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
  /** What the hotel recorded of the stay itself: checked in, no-show, checked out; each told to channels that ask. */
  stay?: { status: StayStatus; at: number; by: string }[];
  /** Requests to cancel that wait for, or had, the supplier's decision (a channel's audited cancel). */
  cancelRequests?: CancelRequest[];
}

/**
 * A channel's request to cancel that the supplier decides (Douyin's cancel with `need_audit`): decided at once
 * from the plan's refundability, or left pending for a person; an accepted one cancels the order.
 */
/** The stay as the hotel records it (Douyin's accommodation_status 1, 2, 3). */
export const StayStatus = { CheckedIn: 'checked-in', NoShow: 'no-show', CheckedOut: 'checked-out' } as const;
export type StayStatus = (typeof StayStatus)[keyof typeof StayStatus];

interface CancelRequest {
  /** The channel's id of the request (Douyin's `cancel_id`): a repeat of it is a duplicate. */
  id: string;
  /** The channel's kind of cancel (Douyin's `cancel_type`), echoed with the decision. */
  kind: number;
  /** The channel waits to be told the decision (Douyin's `need_audit`); otherwise it has cancelled already. */
  audited: boolean;
  state: 'pending' | 'accepted' | 'refused';
  reason?: string;
  at: number;
  decidedBy?: string;
}

/**
 * A channel request that was refused for good and must answer the same to every repeat (the partner's
 * CreateOrder refused for a business reason), or a marker that refuses a later create (the partner cancelled
 * an order we never had). It holds the order's key, so a create and a refusal can never both stand.
 */
export interface Refusal {
  kind: 'refusal';
  channel: Channel;
  orderId: string;
  /** The refused request's content, for repeats; absent on a marker left by a cancel. */
  fingerprint?: string;
  code: string;
  message: string;
  createdAt: number;
  version: number;
}

/** What the store keeps under an order's key. */
export type OrderRecord = Order | Refusal;

export function isRefusal(record: OrderRecord | undefined): record is Refusal {
  return (record as Refusal | undefined)?.kind === 'refusal';
}

/** The ref of an order or refusal. */
export function refOf(record: { channel: Channel; orderId: string }): OrderRef {
  return { channel: record.channel, orderId: record.orderId };
}

/** Attempts kept per order; older ones roll off so the item stays far below DynamoDB's 400 KB. */
export const MAX_ATTEMPTS_KEPT = 100;

/** What an erased text reads as. */
export const ERASED = '[erased]';
