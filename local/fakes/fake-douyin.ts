/**
 * A fake Douyin OpenAPI on loopback: client tokens (which can be expired at will), `/poi/order/status/`,
 * `/poi/order/sync/` and the goodlife order query with paging, and the calendar-room family's OpenAPIs
 * (confirm, cancel audit, check-in notice, price and stock saves, ARI notice: `access-token`, `data` + `extra`,
 * `save_result` per pushed item), each with scripted faults.
 */
import { randomBytes } from 'node:crypto';
import { type FakeRequest, HttpFake } from './http-fake.js';

export interface StatusCall {
  at: number;
  token: string | null;
  body: { supplier_ext_id: string; order_id: string; order_ext_id: string; status: number };
}

/** An order as Douyin's goodlife query lists it. */
export interface DouyinBooking {
  book_id: string;
  status: number;
  book_time: number;
  poi_id: string;
}

/** The calendar-room family's OpenAPIs, by path, and the operation each is scripted and counted as. */
const HOTEL_OPENAPIS = {
  '/goodlife/v1/trip/trade/hotel/order/confirm/': 'hotel-confirm',
  '/goodlife/v1/trip/trade/hotel/cancel/audit/': 'hotel-cancel-audit',
  '/goodlife/v1/trip/trade/hotel/booking/audit/notify/': 'hotel-booking-notify',
  '/goodlife/v1/trip/hotel/price/save/': 'hotel-price-save',
  '/goodlife/v1/trip/hotel/stock/save/': 'hotel-stock-save',
  '/goodlife/v1/trip/hotel/ari/notify/': 'hotel-ari-notify',
} as const;
export type HotelOperation = (typeof HOTEL_OPENAPIS)[keyof typeof HOTEL_OPENAPIS];

/** The goodlife OpenAPIs' `access-token` header, or null. */
const headerToken = (request: FakeRequest) => {
  const token = request.headers['access-token'];
  return typeof token === 'string' ? token : null;
};

export class FakeDouyin extends HttpFake {
  /** Every accepted call to a calendar-room OpenAPI, in order. */
  readonly hotelCalls: { operation: HotelOperation; at: number; body: Record<string, unknown> }[] = [];
  readonly statusCalls: StatusCall[] = [];
  readonly syncCalls: { token: string | null; body: Record<string, unknown> }[] = [];
  readonly queryCalls: Record<string, unknown>[] = [];
  /** Orders the goodlife query returns (filter: poi_id and book_time within the window). */
  bookings: DouyinBooking[] = [];
  tokenCalls = 0;
  #validTokens = new Set<string>();
  readonly #instance = randomBytes(4).toString('hex');

  constructor(
    readonly clientKey = 'fake-client-key',
    readonly clientSecret = 'fake-client-secret',
  ) {
    super();
  }

  /** Makes every token issued so far invalid (Douyin answers 28001008 until a new one is fetched). */
  expireTokens(): void {
    this.#validTokens.clear();
  }

  /** The status Douyin last accepted per order id. */
  acceptedStatus(orderId: string): number | undefined {
    return this.statusCalls.filter((call) => call.body.order_id === orderId).at(-1)?.body.status;
  }

  /** The calendar-room confirmations Douyin accepted for an order: 1 accepted, 2 rejected. */
  hotelConfirmations(orderId: string): number[] {
    return this.hotelCalls
      .filter((call) => call.operation === 'hotel-confirm' && call.body.order_id === orderId)
      .map((call) => Number((call.body.confirm_result as { confirm_result?: number } | undefined)?.confirm_result));
  }

  #tokenError(token: string | null) {
    return token !== null && this.#validTokens.has(token)
      ? undefined
      : {
          status: 200,
          body: { data: { error_code: 28001008, description: 'access_token过期' }, extra: { logid: 'fake', now: Date.now() } },
        };
  }

  #route = (request: FakeRequest) => {
    const path = request.url.pathname;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (path === '/oauth/client_token/') {
      return {
        operation: 'token',
        answer: () => {
          this.tokenCalls += 1;
          if (
            body.client_key !== this.clientKey ||
            body.client_secret !== this.clientSecret ||
            body.grant_type !== 'client_credential'
          ) {
            return {
              status: 200,
              body: { data: { error_code: 10013, description: 'client_key 或者 client_secret 报错' }, message: 'error' },
            };
          }
          // Unique across fakes, as Douyin's are: a fresh fake must not re-issue a token a previous one gave.
          const token = `clt.fake-${this.#instance}-${this.tokenCalls}`;
          this.#validTokens.add(token);
          return {
            status: 200,
            body: { data: { access_token: token, description: '', error_code: 0, expires_in: 7200 }, message: 'success' },
          };
        },
      };
    }
    if (path === '/poi/order/status/' || path === '/poi/order/sync/') {
      const token = request.url.searchParams.get('access_token');
      const isStatus = path === '/poi/order/status/';
      return {
        operation: isStatus ? 'status' : 'sync',
        answer: () => {
          const expired = this.#tokenError(token);
          if (expired !== undefined) return expired;
          if (isStatus) this.statusCalls.push({ at: Date.now(), token, body: body as unknown as StatusCall['body'] });
          else this.syncCalls.push({ token, body });
          return {
            status: 200,
            body: {
              data: { error_code: 0, description: '', ...(isStatus ? {} : { order_id: String(body.order_id ?? '') }) },
              extra: { logid: 'fake', now: Date.now() },
            },
          };
        },
      };
    }
    if (path === '/goodlife/v1/comprehensive/trade/query/order/') {
      const token = headerToken(request);
      return {
        operation: 'query',
        answer: () => {
          const expired = this.#tokenError(token);
          if (expired !== undefined) return expired;
          this.queryCalls.push(body);
          const pageSize = Number(body.page_size);
          const pageNum = Number(body.page_num);
          if (!(pageSize >= 1 && pageSize <= 50) || !(pageNum >= 1)) {
            return {
              status: 200,
              body: { data: { error_code: 2100005, description: '参数不合法' }, extra: { logid: 'fake', now: Date.now() } },
            };
          }
          const matching = this.bookings.filter(
            (booking) =>
              booking.poi_id === body.poi_id &&
              booking.book_time >= Number(body.start_time) &&
              booking.book_time <= Number(body.end_time),
          );
          const page = matching.slice((pageNum - 1) * pageSize, pageNum * pageSize);
          return {
            status: 200,
            body: {
              data: {
                error_code: 0,
                description: '',
                total: matching.length,
                order_list: page.map((booking) => ({
                  ...booking,
                  book_taking_time: booking.book_time,
                  booking_info: { poi_id: booking.poi_id, count: 1, item_ids: [], user_notes: '' },
                  products: [],
                  user_infos: [],
                })),
              },
              extra: { logid: 'fake', now: Date.now(), error_code: 0, description: '', sub_error_code: 0, sub_description: '' },
            },
          };
        },
      };
    }
    const operation = (HOTEL_OPENAPIS as Record<string, HotelOperation>)[path];
    if (operation !== undefined) {
      const token = headerToken(request);
      return {
        operation,
        answer: () => {
          const expired = this.#tokenError(token);
          if (expired !== undefined) return expired;
          this.hotelCalls.push({ operation, at: Date.now(), body });
          const aris = Array.isArray(body.aris) ? (body.aris as { rate_plan_id?: unknown }[]) : undefined;
          return {
            status: 200,
            body: {
              data: {
                error_code: 0,
                description: '',
                ...(aris === undefined
                  ? {}
                  : { save_result: aris.map((ari) => ({ rate_plan_id: String(ari.rate_plan_id ?? ''), code: 0, message: '' })) }),
              },
              extra: { logid: 'fake', now: Date.now(), error_code: 0, description: '', sub_error_code: 0, sub_description: '' },
            },
          };
        },
      };
    }
    return { operation: 'unknown', answer: () => ({ status: 404, body: { message: 'not found' } }) };
  };

  /** @example const douyin = await new FakeDouyin().listen(); douyin.url */
  async listen(): Promise<this> {
    await this.start(this.#route);
    return this;
  }
}
