/** AX money: decimal strings with up to 5 places, multiplied exactly (no floating point). */
import { ChannelHubError } from '../errors.js';

const SCALE = 100_000n;

function toUnits(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,5}))?$/.exec(value);
  if (match === null) throw new ChannelHubError(`not an AX amount: ${value}`);
  return BigInt(match[1] ?? '0') * SCALE + BigInt((match[2] ?? '').padEnd(5, '0'));
}

function fromUnits(units: bigint): string {
  const whole = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(5, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** @example multiplyAmount('120000', 3) // '360000'; multiplyAmount('12.5', 2) // '25' */
export function multiplyAmount(value: string, times: number): string {
  return fromUnits(toUnits(value) * BigInt(times));
}
