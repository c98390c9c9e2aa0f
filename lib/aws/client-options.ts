/**
 * Every AWS SDK client's timeouts and retries, sized per function (SPEC §9): a call that hangs is cut at
 * AWS_REQUEST_TIMEOUT_MS and tried again, AWS_MAX_ATTEMPTS tries in all, with a full-jitter backoff from
 * AWS_RETRY_BASE_MS. The stack gives the functions that answer a partner a budget that fits in their 3 s and
 * the worker a longer one. The SDK's own default backs a throttled call off by up to a second and then two,
 * which alone would outlast an answer's budget. `throwOnRequestTimeout` matters: without it the SDK only warns
 * when a request runs over.
 */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { getConfig } from '../config/config.js';
import { fullJitter } from '../retry.js';

/** The longest pause between two tries of one call. */
const RETRY_CAP_MS = 2_000;

/** The options every SDK client of ours is made with. */
export function awsClientOptions() {
  const { requestTimeoutMs, maxAttempts, retryBaseMs } = getConfig().aws;
  return {
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt) => fullJitter(attempt, retryBaseMs, RETRY_CAP_MS)),
    requestHandler: {
      connectionTimeout: Math.min(requestTimeoutMs, 1_000),
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
