/**
 * The service's name, its metrics' namespace and every counter's name, defined once: the logger and metrics
 * publish under them, and the stack's dashboard and alarms read the same constants (infra/metrics.ts).
 */

/** The `service` of every log line and metric dimension. */
export const SERVICE = 'channel-hub';
/** The CloudWatch namespace of every metric. */
export const NAMESPACE = 'ChannelHub';

/** Counter names (SPEC §7). */
export const Counter = {
  Received: 'Received',
  Duplicate: 'Duplicate',
  Rejected: 'Rejected',
  Delivered: 'Delivered',
  Retried: 'Retried',
  Failed: 'Failed',
  DriftFound: 'DriftFound',
  /** A credential was needed and is unset (dimension `credential`: douyin, partner, ax): alarmed. */
  CredentialUnset: 'CredentialUnset',
  /** Commits that found a night without enough rooms (dimension `spuExtId`): confirmed 2, out of stock. */
  OutOfStock: 'OutOfStock',
  /** An AX create whose outcome is not known, held for an operator (dimension `workType`): alarmed. */
  InDoubt: 'InDoubt',
  /** Orders whose guest data the retention run erased. */
  GuestDataErased: 'GuestDataErased',
} as const;
export type Counter = (typeof Counter)[keyof typeof Counter];
