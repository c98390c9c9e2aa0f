/**
 * The work queue: transport only. A message names an order (its channel and id) and a piece of its owed
 * work, nothing more. SQS carries it on AWS and locally; the unit tests put a queue in memory in
 * (`useWorkQueue`), as they do the stores.
 */
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { awsClientOptions } from '../aws/client-options.js';
import { CHANNEL_IDS } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { DOUYIN } from '../douyin/channel.js';
import { ChannelHubError } from '../errors.js';
import type { WorkMessage, WorkQueue } from '../store/ports.js';

const workMessageSchema = z.object({
  // Any registered channel; messages sent before orders carried their channel are Douyin's.
  channel: z._default(z.enum(CHANNEL_IDS as [string, ...string[]]), DOUYIN),
  orderId: z.string().check(z.minLength(1)),
  workId: z.string().check(z.minLength(1)),
});

/** The work a queue message names, or undefined when the body is not a work message. */
export function parseWorkMessage(body: string | undefined): WorkMessage | undefined {
  try {
    const parsed = workMessageSchema.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A message's body: what it names, and nothing else. */
function workMessageBody({ channel, orderId, workId }: WorkMessage): string {
  return JSON.stringify({ channel, orderId, workId });
}

let client: SQSClient | undefined;

/**
 * The shared SQS client. Locally its endpoint comes from AWS_ENDPOINT_URL_SQS, and queue URLs (whose host
 * is a name that does not resolve) must not replace it.
 */
export function sqs(): SQSClient {
  client ??= new SQSClient({ ...awsClientOptions(), useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
  return client;
}

/**
 * The per-call options of a long poll (ReceiveMessage with WaitTimeSeconds): SQS holds the request open that
 * long by design, so its request timeout is the wait plus the client's own.
 */
export function longPollOptions(waitSeconds: number): { requestTimeout: number } {
  return { requestTimeout: waitSeconds * 1000 + getConfig().aws.requestTimeoutMs };
}

export function resetSqs(): void {
  client?.destroy();
  client = undefined;
}

function queueUrl(): string {
  const url = getConfig().queueUrl;
  if (url === undefined) throw new ChannelHubError('QUEUE_URL is not set');
  return url;
}

/** SQS as the work queue: batches of 10, and a single send for the one message most changes owe. */
const sqsQueue: WorkQueue = {
  async send(messages) {
    const entry = (message: WorkMessage & { delaySeconds?: number }) => ({
      MessageBody: workMessageBody(message),
      DelaySeconds: Math.min(900, Math.max(0, Math.round(message.delaySeconds ?? 0))),
    });
    const [only] = messages;
    if (messages.length === 1 && only !== undefined) {
      // A single send costs less than a batch of one, to build and to read.
      await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(), ...entry(only) }));
      return;
    }
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      const { Failed } = await sqs().send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl(),
          Entries: chunk.map((message, index) => ({ Id: String(index), ...entry(message) })),
        }),
      );
      if (Failed !== undefined && Failed.length > 0) throw new ChannelHubError(`SQS refused ${Failed.length} work messages`);
    }
  },
  async retryIn(receipt, seconds) {
    const url = getConfig().queueUrl;
    if (url === undefined) return;
    await sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: receipt, VisibilityTimeout: seconds }));
  },
  async sendToDeadLetter(message, reason) {
    const url = getConfig().dlqUrl;
    if (url === undefined) return;
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: typeof message === 'string' ? message : workMessageBody(message),
        MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
      }),
    );
  },
};

let current: WorkQueue | undefined;

/**
 * The work queue in use: SQS unless one was put in.
 * @example await workQueue().send([{ channel: 'douyin', orderId: '123', workId: 'douyin.order-status' }])
 */
export function workQueue(): WorkQueue {
  return current ?? sqsQueue;
}

/** Puts another queue in (the in-memory one), or back to SQS with undefined. */
export function useWorkQueue(next: WorkQueue | undefined): void {
  current = next;
}
