/**
 * The sales channels, in one list: a new channel is its folder (with its descriptor), a line here and its
 * `functions/` files. Everything that lists channels, their routes or their functions derives it from here.
 */
import { douyinChannel } from '../douyin/channel.js';
import { douyinHotelChannel } from '../douyinHotel/channel.js';
import type { ChannelOwes } from '../orders/index.js';
import { partnerChannel } from '../partner/channel.js';
import type { ChannelDescriptor, ChannelFunction } from './descriptor.js';

export const CHANNELS: readonly ChannelDescriptor[] = [douyinChannel, partnerChannel, douyinHotelChannel];

/** The registered channels' ids. */
export const CHANNEL_IDS: readonly string[] = CHANNELS.map((channel) => channel.id);

/** The channel of this id, or undefined when none is registered under it. */
export function channelOf(id: string): ChannelDescriptor | undefined {
  return CHANNELS.find((channel) => channel.id === id);
}

/** Every channel's inbound functions, with the channel each belongs to. */
export const CHANNEL_FUNCTIONS: readonly (ChannelFunction & { channel: string })[] = CHANNELS.flatMap((channel) =>
  channel.functions.map((fn) => ({ ...fn, channel: channel.id })),
);

/** What an order of each channel owes beyond its rooms and AX, by channel id (the order core's policy reads it). */
export const CHANNEL_OWES: Readonly<Record<string, ChannelOwes>> = Object.fromEntries(
  CHANNELS.map((channel) => [channel.id, channel.owes]),
);
