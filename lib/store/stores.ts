/**
 * The stores the domain uses: DynamoDB unless told otherwise. The unit tests put the in-memory stores in
 * (`useStores(memoryStores())`), so the domain, the handlers and the worker run there with no emulator.
 */
import { dynamoStores } from './dynamodb/index.js';
import type { Stores } from './ports.js';

let current: Stores | undefined;

/** @example const order = await stores().orders.get({ channel: 'douyin', orderId }) */
export function stores(): Stores {
  current ??= dynamoStores();
  return current;
}

/** Puts other stores in (the in-memory ones), or back to DynamoDB with undefined. */
export function useStores(next: Stores | undefined): void {
  current = next;
}
