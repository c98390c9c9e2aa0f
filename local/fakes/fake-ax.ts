/**
 * A fake AX Cloud channel API on loopback: create (deduplicated by channel_order_id, as we assume AX does),
 * get and cancel tour orders, with scripted faults and a scripted supplier decision.
 */
import { randomUUID } from 'node:crypto';
import { type FakeRequest, HttpFake } from './http-fake.js';

export interface FakeAxOrder {
  axOrderCode: string;
  channelOrderId: string;
  status: string;
  body: Record<string, unknown>;
}

export class FakeAx extends HttpFake {
  readonly orders = new Map<string, FakeAxOrder>();
  readonly creates: Record<string, unknown>[] = [];
  readonly cancels: { axOrderCode: string; body: unknown }[] = [];
  /** What the supplier decides: the status a GET reports for an order that is not cancelled. */
  decision = 'Supplier confirm';
  /** The status a new order starts in. */
  initialStatus = 'New';

  constructor(readonly apiKey = 'fake-ax-key') {
    super();
  }

  ordersFor(channelOrderId: string): FakeAxOrder[] {
    return [...this.orders.values()].filter((order) => order.channelOrderId === channelOrderId);
  }

  #view(order: FakeAxOrder) {
    return {
      ax_order_code: order.axOrderCode,
      ax_order_status: order.status,
      option_code: (order.body.options as { option_code?: string }[] | undefined)?.[0]?.option_code,
      quantity: 1,
      tickets: [],
    };
  }

  #route = (request: FakeRequest) => {
    const unauthorized = request.headers.authorization !== `Token ${this.apiKey}`;
    const denied = { status: 403, body: { detail: '이 작업을 수행할 권한(permission)이 없습니다.' } };
    const notFound = { status: 404, body: { detail: '찾을 수 없습니다.' } };
    const match = /^\/v1\/channel\/orders\/tour(?:\/([^/]+))?$/.exec(request.url.pathname);
    if (match === null) return { operation: 'unknown', answer: () => notFound };
    const code = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (request.method === 'POST' && code === undefined) {
      return {
        operation: 'create',
        answer: () => {
          if (unauthorized) return denied;
          const body = request.body as { order?: { channel_order_id?: string } };
          const channelOrderId = body.order?.channel_order_id ?? '';
          this.creates.push(request.body as Record<string, unknown>);
          let existing = this.ordersFor(channelOrderId)[0];
          if (existing === undefined) {
            existing = {
              axOrderCode: randomUUID(),
              channelOrderId,
              status: this.initialStatus,
              body: request.body as Record<string, unknown>,
            };
            this.orders.set(existing.axOrderCode, existing);
          }
          return {
            status: 201,
            body: { channel_order_code: randomUUID(), channel_order_status: existing.status, options: [this.#view(existing)] },
          };
        },
      };
    }
    if (request.method === 'GET' && code !== undefined) {
      return {
        operation: 'get',
        answer: () => {
          if (unauthorized) return denied;
          const order = this.orders.get(code);
          if (order === undefined) return notFound;
          if (!order.status.toLowerCase().includes('cancel')) order.status = this.decision;
          return { status: 200, body: { status_code: 200, data: this.#view(order) } };
        },
      };
    }
    if (request.method === 'PATCH' && code !== undefined) {
      return {
        operation: 'cancel',
        answer: () => {
          if (unauthorized) return denied;
          const order = this.orders.get(code);
          if (order === undefined) return notFound;
          order.status = 'Traveler cancel';
          this.cancels.push({ axOrderCode: code, body: request.body });
          return {
            status: 200,
            body: {
              channel_order_code: randomUUID(),
              channel_order_status: 'Traveler cancel',
              ax_order_code: code,
              ax_order_status: 'Traveler cancel',
            },
          };
        },
      };
    }
    return { operation: 'unknown', answer: () => ({ status: 405, body: { detail: 'Method not allowed' } }) };
  };

  async listen(): Promise<this> {
    await this.start(this.#route);
    return this;
  }
}
