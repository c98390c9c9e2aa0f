/** The SQS work queue: transport only. A message names an order and a piece of its owed work, nothing more. */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';

export const workMessageSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  workId: z.string().check(z.minLength(1)),
});
export type WorkMessage = z.output<typeof workMessageSchema>;

/** The work a queue message names, or undefined when the body is not a work message. */
export function parseWorkMessage(body: string | undefined): WorkMessage | undefined {
  try {
    const parsed = workMessageSchema.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

let client: SQSClient | undefined;

/**
 * The shared SQS client. Locally its endpoint comes from AWS_ENDPOINT_URL_SQS, and queue URLs (whose host
 * is a name that does not resolve) must not replace it.
 */
export function sqs(): SQSClient {
  client ??= new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
  return client;
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

/**
 * Sends work messages (batches of 10). The work is already on the order in DynamoDB, so a failed send
 * only delays it until the sweeper finds it.
 * @example await enqueueWork([{ orderId: '123', workId: 'douyin.order-status' }])
 */
export async function enqueueWork(messages: (WorkMessage & { delaySeconds?: number })[]): Promise<void> {
  const entry = (message: WorkMessage & { delaySeconds?: number }) => ({
    MessageBody: JSON.stringify({ orderId: message.orderId, workId: message.workId }),
    DelaySeconds: Math.min(900, Math.max(0, Math.round(message.delaySeconds ?? 0))),
  });
  const [only] = messages;
  if (messages.length === 1 && only !== undefined) {
    // Most changes owe one piece of work: a single send costs less than a batch of one, to build and to read.
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
}

/** Sends one message to the dead-letter queue with the reason it gave up; a body it cannot read is kept as it was. */
export async function sendToDeadLetter(message: WorkMessage | string, reason: string): Promise<void> {
  const url = getConfig().dlqUrl;
  if (url === undefined) return;
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: typeof message === 'string' ? message : JSON.stringify(message),
      MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
    }),
  );
}
