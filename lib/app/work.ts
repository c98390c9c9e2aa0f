/**
 * Work that needs a person (SPEC §7, §10): what failed or is in doubt, and the actions on it (`retry`,
 * `recreate-ax`, `link-ax`, `redrive`). `ops` and the console's admin API both act through here, and every
 * action is kept in the order's history with who did it.
 */
import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { CHANNELS } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { ChannelHubError, OrderRefused } from '../errors.js';
import { isRefusal, type Order, refOf, type StayStatus, WorkState, WorkType } from '../orders/index.js';
import { longPollOptions, parseWorkMessage, sqs, workQueue } from '../queue/work-queue.js';
import { stores } from '../store/stores.js';
import { applyEvent } from './apply.js';
import { decideCancelAndRelease } from './cancel.js';
import { ordersNamed } from './orders.js';

/** An action that cannot be taken: no such order (404), or not in a state for it (409). */
export class WorkActionError extends ChannelHubError {
  override readonly name = 'WorkActionError';
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** The ids an order is found by, in words: "order_ext_id, order_id or TaoBaoOrderId". */
const ID_NAMES = [...new Set(['order_ext_id', ...CHANNELS.map((channel) => channel.orderIdName)])];
export const ANY_ID = `${ID_NAMES.slice(0, -1).join(', ')} or ${ID_NAMES.at(-1) ?? ''}`;

/** The one order an id names; an id that names one order in each channel needs its order_ext_id. */
async function oneOrderNamed(id: string): Promise<Order> {
  const found = await ordersNamed(id);
  const [order, other] = found;
  if (order === undefined) throw new WorkActionError(404, `no order with ${ANY_ID} ${id}`);
  if (other !== undefined) {
    throw new WorkActionError(
      409,
      `${id} names orders of ${found.map((entry) => entry.channel).join(' and ')}: give the order_ext_id (${found.map((entry) => entry.orderExtId).join(', ')})`,
    );
  }
  return order;
}

/** One piece of work a person must look at. */
export interface StuckWork {
  channel: string;
  orderId: string;
  orderExtId: string;
  workId: string;
  type: string;
  state: 'failed' | 'in-doubt';
  attempts: number;
  lastError?: string;
  /** When it last changed (ms). */
  since: number;
}

/** Every piece of work that gave up or is in doubt, oldest first. */
export async function stuckWork(): Promise<StuckWork[]> {
  const orders = await stores().orders.needingOperator();
  return orders
    .flatMap((order) =>
      Object.values(order.work)
        .filter((item) => item.state === WorkState.Failed || item.state === WorkState.InDoubt)
        .map(
          (item): StuckWork => ({
            channel: order.channel,
            orderId: order.orderId,
            orderExtId: order.orderExtId,
            workId: item.id,
            type: item.type,
            state: item.state === WorkState.InDoubt ? 'in-doubt' : 'failed',
            attempts: item.attempts,
            ...(item.lastError === undefined ? {} : { lastError: item.lastError }),
            since: item.updatedAt,
          }),
        ),
    )
    .sort((a, b) => a.since - b.since);
}

/** Keeps an action in the order's history, as an entry of its story: what, by whom, and what came of it. */
async function recordAction(order: Order, action: string, who: string, outcome: string): Promise<void> {
  await stores().history.append(
    {
      route: `action ${action}`,
      requestId: randomUUID(),
      at: Date.now(),
      bodyBytes: 0,
      bodySha256: '',
      authenticated: true,
      headers: {},
      outcome: { code: 'done', description: outcome },
      orderId: order.orderId,
      channel: order.channel,
      latencyMs: 0,
      who,
    },
    refOf(order),
  );
}

/** `retry`: owes an order's failed work again and sends it to the queue; answers the work retried (none: nothing failed). */
export async function retryFailed(id: string, who: string): Promise<{ order: Order; retried: string[] }> {
  const order = await oneOrderNamed(id);
  const retried = (await applyEvent(refOf(order), { type: 'retry-failed' }))?.result.retried ?? [];
  if (retried.length > 0) await recordAction(order, 'retry', who, `retrying ${retried.join(', ')}`);
  return { order, retried };
}

/** `link-ax`: attaches an AX order made elsewhere; the worker then polls (or cancels) it like its own. */
export async function linkAx(id: string, axOrderCode: string, who: string): Promise<Order> {
  if (!/^[\w-]{1,64}$/.test(axOrderCode)) throw new WorkActionError(409, `not an AX order code: ${axOrderCode}`);
  const order = await oneOrderNamed(id);
  await applyEvent(refOf(order), { type: 'link-ax', axOrderCode });
  await recordAction(order, 'link-ax', who, `linked AX order ${axOrderCode}`);
  return order;
}

/**
 * `recreate-ax`: the AX create in doubt is sent again, for an operator who looked up the order's
 * channel_order_id in AX's console and found no AX order for it.
 */
export async function recreateAx(id: string, who: string): Promise<Order> {
  const order = await oneOrderNamed(id);
  if (order.work[WorkType.AxCreateOrder]?.state !== WorkState.InDoubt) {
    throw new WorkActionError(409, `order ${order.orderExtId} has no AX create in doubt`);
  }
  await applyEvent(refOf(order), { type: 'recreate-ax' });
  await recordAction(order, 'recreate-ax', who, `sending the AX create (channel_order_id ${order.orderExtId}) again`);
  return order;
}

/** The hotel records the stay of an order (checked in, no-show, checked out); channels that ask are told. */
export async function recordStayOf(id: string, status: StayStatus, who: string): Promise<Order> {
  const order = await oneOrderNamed(id);
  try {
    await applyEvent(refOf(order), { type: 'stay', status, by: who });
  } catch (error) {
    if (error instanceof OrderRefused) throw new WorkActionError(409, error.message);
    throw error;
  }
  await recordAction(order, 'stay', who, status);
  return order;
}

/** A person decides a cancel the channel left to the supplier (DOUYIN_HOTEL_CANCEL_AUDIT=manual). */
export async function decideCancelOf(
  id: string,
  cancelId: string,
  accept: boolean,
  reason: string | undefined,
  who: string,
): Promise<Order> {
  const order = await oneOrderNamed(id);
  const pending = order.cancelRequests?.find((request) => request.id === cancelId);
  if (pending === undefined) throw new WorkActionError(404, `order ${order.orderExtId} has no cancel request ${cancelId}`);
  if (pending.state !== 'pending') throw new WorkActionError(409, `cancel request ${cancelId} was ${pending.state} already`);
  const decided = await decideCancelAndRelease(
    order,
    { id: cancelId, accept, by: who, ...(reason === undefined ? {} : { reason }) },
    Date.now(),
  );
  await recordAction(
    order,
    'cancel-decision',
    who,
    `${accept ? 'accepted' : 'refused'} cancel ${cancelId}${reason === undefined ? '' : `: ${reason}`}`,
  );
  return decided;
}

/** How many messages the DLQ holds (SQS's approximate count), or undefined where no DLQ is known. */
export async function deadLetters(): Promise<number | undefined> {
  const { dlqUrl } = getConfig();
  if (dlqUrl === undefined) return undefined;
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** What one redrive did. */
export interface Redriven {
  /** The DLQ's count when it started. */
  waiting: number;
  /** `<workId> of <orderId>` for each piece of work owed again. */
  moved: string[];
  /** The start of each message that named no order, dropped. */
  dropped: string[];
  /** Messages that failed again meanwhile, left for the next redrive. */
  leftBack: number;
  /** It stopped at its deadline with messages it did not reach. */
  timedOut: boolean;
  /** Why the messages left back may stay hidden a while, if hiding them again failed. */
  hidden?: string;
}

/**
 * `redrive`: moves the messages that were in the DLQ when it started back to the work queue, owing their
 * work again, and ends. A message sent to the DLQ after it started (work that failed straight back), or
 * naming work this run has already moved, is left there for the next redrive: with a partner that keeps
 * refusing, each redrive costs one more try of each piece of work, never a loop. It also ends at its
 * deadline (the console's request has API Gateway's 30 s; `ops` takes five minutes).
 */
export async function redrive(options: {
  who: string;
  deadlineMs: number;
  progress?: (line: string) => void;
}): Promise<Redriven> {
  const { dlqUrl } = getConfig();
  if (dlqUrl === undefined) throw new WorkActionError(409, 'DLQ_URL is not known here');
  const startedAt = Date.now();
  const deadline = startedAt + options.deadlineMs;
  const waiting = (await deadLetters()) ?? 0;
  const done: Redriven = { waiting, moved: [], dropped: [], leftBack: 0, timedOut: false };
  const moved = new Set<string>();
  const leftBack: string[] = [];
  let handled = 0;
  for (;;) {
    if (Date.now() >= deadline) {
      done.timedOut = true;
      break;
    }
    const { Messages } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        // Long enough that a message left back is not received again in this run: each is seen once.
        VisibilityTimeout: Math.ceil(options.deadlineMs / 1000) + 5,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
      longPollOptions(1),
    );
    if (Messages === undefined || Messages.length === 0) break;
    for (const message of Messages) {
      const work = parseWorkMessage(message.Body);
      const key = work === undefined ? '' : `${work.channel} ${work.orderId} ${work.workId}`;
      if (Number(message.Attributes?.SentTimestamp ?? 0) > startedAt || moved.has(key)) {
        leftBack.push(message.ReceiptHandle ?? '');
        continue;
      }
      const named = work === undefined ? undefined : await stores().orders.get(work);
      if (work !== undefined && named !== undefined && !isRefusal(named)) {
        const { workId } = work;
        const retried = await applyEvent(work, { type: 'retry-failed', workIds: [workId] });
        // Work that is pending again was enqueued by applyEvent; anything else still gets a nudge.
        if (retried?.changed !== true) await workQueue().send([work]);
        moved.add(key);
        done.moved.push(`${workId} of ${work.orderId}`);
        await recordAction(named, 'redrive', options.who, `redrove ${workId} from the DLQ`);
      } else {
        done.dropped.push(message.Body?.slice(0, 100) ?? '');
      }
      await sqs().send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      handled += 1;
      if (handled % 10 === 0) options.progress?.(`redrive: ${handled} done, of about ${waiting}`);
    }
  }
  // What failed again was hidden while this run went on, so it was seen once; it is in the DLQ for all to see again.
  done.leftBack = leftBack.length;
  try {
    for (let start = 0; start < leftBack.length; start += 10) {
      await sqs().send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: dlqUrl,
          Entries: leftBack
            .slice(start, start + 10)
            .map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
  } catch (error) {
    done.hidden = `they show again within ${Math.ceil(options.deadlineMs / 60_000)} minutes: ${(error as Error).message}`;
  }
  return done;
}
