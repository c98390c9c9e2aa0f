/**
 * Douyin's calendar-room family as it calls a supplier (reference douyin-calendar-room.md, Part B §2.3–2.5):
 * each SPI signed with `x-life-sign` over the raw body (and the legacy md5 `sign`, which the sha256 leaves
 * out), `x-life-clientkey`, and an `X-Bytedance-Logid` in either of the two formats real traffic shows; the
 * real sequences replayed on a schedule scaled down for tests; every reply checked for an unofficial code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { signSpi } from '../../lib/douyin/signature.js';

/** The codes Douyin publishes for hotel trade SPIs (reference Part B §2.1). */
const OFFICIAL_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 100]);

/** A reply that broke the family's protocol: not HTTP 200, no `data`, or a code Douyin does not publish. */
class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

/** Log ids as real traffic shows them: checks, cancels and pulls `yyyyMMddHHmmss`+hex (34); creates and refunds `021…` (53). */
function logIdFor(route: string, now = new Date()): string {
  if (route === 'create-order' || route === 'refund-notify')
    return `021${now.getTime()}${randomBytes(20).toString('hex')}`.slice(0, 53);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex')}`;
}

export interface CalendarReply {
  route: string;
  logId: string;
  at: number;
  data: Record<string, unknown> & { error_code: number; description?: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeDouyinHotel {
  readonly replies: CalendarReply[] = [];

  constructor(
    readonly baseUrl: string,
    readonly clientKey: string,
    readonly clientSecret: string,
    /** How many milliseconds stand for one of Douyin's seconds: 1000 replays real time. */
    readonly msPerSecond = 20,
  ) {}

  /** One SPI call as Douyin makes it; throws ProtocolViolation on a reply Douyin would not take. */
  async call(route: string, body: unknown, options: { logId?: string; secret?: string } = {}): Promise<CalendarReply> {
    const text = JSON.stringify(body);
    const timestamp = String(Date.now());
    const query = new URLSearchParams({ client_key: this.clientKey, timestamp });
    // The legacy md5 `sign` rides along in the query; the sha256 `x-life-sign` leaves it out.
    query.set('sign', createHash('md5').update(`${this.clientSecret}${timestamp}`).digest('hex'));
    const logId = options.logId ?? logIdFor(route);
    const response = await fetch(`${this.baseUrl}/douyin/hotel/${route}?${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-life-clientkey': this.clientKey,
        'x-bytedance-logid': logId,
        'x-life-sign': signSpi(options.secret ?? this.clientSecret, query, Buffer.from(text)),
      },
      body: text,
    });
    if (response.status !== 200) throw new ProtocolViolation(`${route}: HTTP ${response.status}`);
    const json = (await response.json()) as { data?: CalendarReply['data'] };
    const data = json.data;
    if (data === undefined || typeof data.error_code !== 'number') throw new ProtocolViolation(`${route}: no data.error_code`);
    if (!OFFICIAL_CODES.has(data.error_code)) throw new ProtocolViolation(`${route}: unofficial error_code ${data.error_code}`);
    if (data.error_code === 7) throw new ProtocolViolation(`${route}: 7 answered where a stored booking must answer success`);
    const reply = { route, logId, at: Date.now(), data };
    this.replies.push(reply);
    return reply;
  }

  /**
   * Part B §2.5: the bookability check on the order page, again on submit 2 s later, then the create 1 s
   * after (pay-then-create: the create carries the payment).
   */
  async checkCheckCreate(check: Record<string, unknown>, create: Record<string, unknown>): Promise<CalendarReply[]> {
    const first = await this.call('can-buy', check);
    await sleep(2 * this.msPerSecond);
    const second = await this.call('can-buy', check);
    await sleep(1 * this.msPerSecond);
    return [first, second, await this.call('create-order', create)];
  }

  /**
   * Part B §2.3: a create not answered 0 is delivered again by three concurrent streams, each with its own
   * log id: one backing off 5, 10, 21, 38 s then every 60 s, two every 30 s (started 2 s and 30 s in),
   * until `until` seconds have passed or an answer is 0; then, when nothing took, a refund notice with no
   * `order_out_id` follows 4 s later.
   */
  async retryStreams(create: Record<string, unknown> & { order_id: string }, until = 140): Promise<CalendarReply[]> {
    const streams = [
      { start: 0, gaps: [5, 10, 21, 38, 60, 60, 60] },
      { start: 2, gaps: [30, 30, 30, 30, 30] },
      { start: 30, gaps: [30, 30, 30, 30] },
    ];
    let settled = false;
    const all: CalendarReply[] = [];
    await Promise.all(
      streams.map(async ({ start, gaps }) => {
        const logId = logIdFor('create-order');
        let at = start;
        await sleep(start * this.msPerSecond);
        for (const gap of [0, ...gaps]) {
          if (gap > 0) {
            at += gap;
            if (at > until || settled) return;
            await sleep(gap * this.msPerSecond);
          }
          if (settled) return;
          const reply = await this.call('create-order', create, { logId });
          all.push(reply);
          if (reply.data.error_code === 0) settled = true;
        }
      }),
    );
    if (!settled) {
      await sleep(4 * this.msPerSecond);
      all.push(
        await this.call('refund-notify', { order_id: create.order_id, biz_type: 2021, refund_type: 11, refund_amount: 0 }),
      );
    }
    return all;
  }

  /** Part B §2.4: an audited cancel, then a refund notice 2 s later whatever the decision was. */
  async cancelThenRefund(orderId: string, cancelId: string, orderOutId?: string): Promise<CalendarReply[]> {
    const cancel = await this.call('cancel', {
      order_id: orderId,
      cancel_id: cancelId,
      ...(orderOutId === undefined ? {} : { order_out_id: orderOutId }),
      cancel_type: 2,
      after_sale_type: 2,
      need_audit: true,
      biz_type: 2021,
    });
    await sleep(2 * this.msPerSecond);
    const refund = await this.call('refund-notify', {
      order_id: orderId,
      ...(orderOutId === undefined ? {} : { order_out_id: orderOutId }),
      biz_type: 2021,
      refund_type: 21,
      refund_amount: 0,
    });
    return [cancel, refund];
  }
}
