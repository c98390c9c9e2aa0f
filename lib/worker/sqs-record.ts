/** One SQS record of the work queue, turned into a WorkResult and the queue action that carries it out. */
import type { SQSRecord } from 'aws-lambda';
import { ARI_PUSH_PREFIX, ARI_PUSH_WORK } from '../app/push.js';
import { pushAri } from '../douyinHotel/push.js';
import { ChannelHubError } from '../errors.js';
import { Counter, count, logger } from '../observability/logger.js';
import { parseWorkMessage, workQueue } from '../queue/work-queue.js';
import { stores } from '../store/stores.js';
import { performWork } from './perform-work.js';

/** A push that fails waits this long, then longer, up to the worker's backoff cap; it stays owed meanwhile. */
const PUSH_RETRY_SECONDS = 30;

/** An ARI push nudge: push what the room type is owed now; a failure is kept on the debt and retried. */
async function handlePush(record: SQSRecord, channel: string, roomType: string): Promise<void> {
  try {
    const pushed = await pushAri(roomType);
    if (pushed.calls > 0) {
      count(Counter.Delivered, { name: 'workType', value: ARI_PUSH_WORK });
      logger.info('ARI pushed', { roomType, ...pushed });
    }
  } catch (error) {
    const message = (error as Error).message;
    await stores().pushes.failed(channel, roomType, message);
    count(Counter.Retried, { name: 'workType', value: ARI_PUSH_WORK });
    logger.warn('ARI push failed', { roomType, error: error as Error });
    const receives = Number(record.attributes.ApproximateReceiveCount ?? 1);
    const delay = Math.min(PUSH_RETRY_SECONDS * 2 ** (receives - 1), 900);
    await workQueue().retryIn(record.receiptHandle, delay);
    throw new RetryLater(`ARI push of ${roomType} in ${delay} s: ${message}`);
  }
}

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
  if (message.workId === ARI_PUSH_WORK) return handlePush(record, message.channel, message.orderId.slice(ARI_PUSH_PREFIX.length));
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
