/**
 * The local stand-in for Lambda's SQS event source mapping: pollers that receive batches of up to 10, call
 * the worker with an SQS event, and delete what it did not report as failed (partial batch responses);
 * the rest come back after their visibility timeout, as on AWS.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { FunctionName } from '../lib/http/routes.js';
import { longPollOptions, sqs } from '../lib/queue/work-queue.js';
import { syncWorker, within } from './handlers.js';
import { lambdaContext, sqsEvent } from './lambda-runtime.js';

export interface Pollers {
  stop(): Promise<void>;
}

/** Starts `concurrency` pollers (Lambda's concurrency) on the queue. */
export function startPollers(queue: { queueUrl: string; queueArn: string }, concurrency: number): Pollers {
  let stopped = false;

  async function poll(): Promise<void> {
    const handler = await syncWorker();
    while (!stopped) {
      try {
        const { Messages } = await sqs().send(
          new ReceiveMessageCommand({
            QueueUrl: queue.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
          longPollOptions(1),
        );
        if (Messages === undefined || Messages.length === 0 || stopped) continue;
        let failed = new Set(Messages.map((message) => message.MessageId));
        try {
          const result = await within(FunctionName.SyncWorker, () =>
            handler(sqsEvent(Messages, queue.queueArn), lambdaContext(FunctionName.SyncWorker, 60_000)),
          );
          failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch (error) {
          console.error('worker batch failed; messages return after their visibility timeout', error);
        }
        const done = Messages.filter((message) => !failed.has(message.MessageId));
        if (done.length > 0) {
          await sqs().send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.queueUrl,
              Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (!stopped) {
          console.error('worker poll failed', error);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  }

  const loops = Array.from({ length: concurrency }, () => poll());
  return {
    async stop() {
      stopped = true;
      await Promise.allSettled(loops);
    },
  };
}
