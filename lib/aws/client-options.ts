/**
 * Every AWS SDK client's timeouts and retries, sized per function (SPEC §9): a call that hangs is cut at
 * AWS_REQUEST_TIMEOUT_MS and tried again, AWS_MAX_ATTEMPTS tries in all. The stack gives the functions
 * that answer a partner a budget that fits in their 3 s and the worker a longer one; `ops` runs with the
 * defaults. `throwOnRequestTimeout` matters: without it the SDK only warns when a request runs over.
 */
import { getConfig } from '../config/config.js';

/** The options every SDK client of ours is made with. */
export function awsClientOptions() {
  const { requestTimeoutMs, maxAttempts } = getConfig().aws;
  return {
    maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(requestTimeoutMs, 1_000),
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
