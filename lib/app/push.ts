/**
 * Owing a channel its ARI (SPEC §11): after any change of a room type's prices, rooms, rules or closures,
 * and every hold and release, each channel that is told (`pushesAri`) and sells a plan of the room type is
 * owed those nights, kept in the table (so nothing is lost), and the work queue carries a nudge a few seconds
 * later, so changes made meanwhile go out together. The sweeper sends the nudge again for a debt left owed.
 */
import { plansOf, sellsOn } from '../catalog/plans.js';
import { CHANNELS } from '../channels/registry.js';
import { Counter, count, logger } from '../observability/logger.js';
import { workQueue } from '../queue/work-queue.js';
import { stores } from '../store/stores.js';

/** The work id of a push nudge; its "order" is `ari:<roomType>`. */
export const ARI_PUSH_WORK = 'ari-push';
export const ARI_PUSH_PREFIX = 'ari:';
/** How long a nudge waits, so a burst of changes (a year of nights, a hold per night) goes out as one push. */
const COALESCE_SECONDS = 5;

/** The channels told of this room type's changes. */
async function toldOf(roomType: string): Promise<string[]> {
  const entry = await stores().catalog.roomType(roomType);
  if (entry === undefined) return [];
  return CHANNELS.filter(
    (channel) =>
      channel.pushesAri === true &&
      plansOf(entry.roomType).some(
        (plan) =>
          sellsOn(plan, channel.id) &&
          (channel.planCode === undefined || plan.channels[channel.id]?.[channel.planCode] !== undefined),
      ),
  ).map((channel) => channel.id);
}

/**
 * Owes the nights `first` … `last` (yyyyMMdd) of a room type to every channel told of it. It never throws:
 * a change is made whether or not its push could be owed (Douyin's own pull still reads it live), and a
 * failure here is logged and counted.
 */
export async function owePushes(roomType: string, first: string, last: string, now = Date.now()): Promise<void> {
  try {
    for (const channel of await toldOf(roomType)) {
      await stores().pushes.owe(channel, roomType, first, last, now);
      await workQueue().send([
        { channel, orderId: `${ARI_PUSH_PREFIX}${roomType}`, workId: ARI_PUSH_WORK, delaySeconds: COALESCE_SECONDS },
      ]);
    }
  } catch (error) {
    count(Counter.Failed, { name: 'workType', value: ARI_PUSH_WORK });
    logger.error('ARI push not owed', { roomType, first, last, error: error as Error });
  }
}
