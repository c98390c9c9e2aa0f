/** One SQS record of the work queue, turned into a WorkResult and the queue action that carries it out. */
import type { SQSRecord } from 'aws-lambda';
import { ChannelHubError } from '../errors.js';
import { Counter, count, logger } from '../observability/logger.js';
import { parseWorkMessage, workQueue } from '../queue/work-queue.js';
import { performWork } from './perform-work.js';

/** Thrown to leave a record on the queue for its (new) visibility timeout: a partial batch failure. */
export class RetryLater extends ChannelHubError {
  override readonly name = 'RetryLater';
}

/**
 * retry → the message comes back after the backoff (its visibility timeout); failed → a copy goes to the
 * DLQ with the reason and the work is already marked failed on the order; later → a fresh delayed message
 * (AX polls do not count toward the queue's receive limit); doubt → acknowledged, the order holds it for an
 * operator (counted and alarmed).
 */
export async function handleWorkRecord(record: SQSRecord): Promise<void> {
  const message = parseWorkMessage(record.body);
  if (message === undefined) {
    logger.error('malformed work message sent to the DLQ', { messageId: record.messageId });
    await workQueue().sendToDeadLetter(record.body, `malformed message ${record.messageId}`);
    return;
  }
  count(Counter.Received, { name: 'route', value: 'work-queue' });
  const result = await performWork(message);
  switch (result.action) {
    case 'ack':
    case 'doubt':
      return;
    case 'later':
      await workQueue().send([{ ...message, delaySeconds: result.delaySeconds }]);
      return;
    case 'failed':
      await workQueue().sendToDeadLetter(message, result.note);
      return;
    case 'retry':
      await workQueue().retryIn(record.receiptHandle, result.delaySeconds);
      throw new RetryLater(`retry in ${result.delaySeconds} s: ${result.note}`);
  }
}
