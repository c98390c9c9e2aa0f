/**
 * The order core, pure: what an order is (model), the life of the work it owes (work), its booking's events
 * (booking) and the one `decide` over them (decide). Everything outside lib/orders imports from here.
 */
export {
  channelPrice,
  derivedPrice,
  hotelClock,
  type NightRules,
  type PlanNight,
  RULE_FIELDS,
  type RuleRefusal,
  refusal,
} from './ari.js';
export { axVerdict, type OpenInput, wantsRooms } from './booking.js';
export { dashedYmd, formatYmd, MAX_STAY_NIGHTS, nightsBetween, parseDashed, parseYmd } from './dates.js';
export { type Decision, decide, type OrderEvent, open, type ResultOf } from './decide.js';
export {
  type Booking,
  type Channel,
  ConfirmStatus,
  ERASED,
  type Guest,
  isRefusal,
  MAX_ATTEMPTS_KEPT,
  type Order,
  type OrderRecord,
  type OrderRef,
  OrderStatus,
  type Refusal,
  refOf,
  StayStatus,
  type WorkItem,
  WorkState,
  WorkType,
} from './model.js';
export { newOrderExtId } from './order-ext-id.js';
export { expectedTotal, priceDiffers } from './pricing.js';
export { backoffSeconds, exhausted } from './retry-policy.js';
export { type ChannelOwes, type Policy, policyOf } from './settings.js';
export {
  type InlineClaim,
  LEASE_MS,
  needsOperator,
  nextDueAt,
  planWork,
  type Transition,
  type WorkOutcome,
  type WorkResult,
  type WorkValue,
} from './work.js';
