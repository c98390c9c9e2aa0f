/** Service configuration: parsed once from the environment by one zod schema (SPEC §6). */
import * as z from 'zod/mini';
import { ChannelHubError } from '../errors.js';

/** Refuses a setting with a message; the schema reports it under the setting's name. */
type Fail = (message: string) => never;

/**
 * A setting read from its raw text (undefined when unset) by `read`, which calls `fail` to refuse it. The
 * text is trimmed first: a value pasted with a trailing newline or space means the same value.
 */
const setting = <T>(read: (raw: string | undefined, fail: Fail) => T) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((raw: string | undefined, payload) =>
      read(raw?.trim(), (message) => {
        payload.issues.push({ code: 'custom', message, input: raw });
        return z.NEVER as never;
      }),
    ),
  );

const unset = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

/** A whole number ≥ 1; the error names the setting once, where parseConfig puts its name. */
const positiveInt = (fallback: number) =>
  setting((raw, fail) => {
    if (unset(raw)) return fallback;
    return /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : fail(`must be a positive integer, got "${raw}"`);
  });

const url = (fallback: string) =>
  setting((value, fail) => {
    const raw = unset(value) ? fallback : value;
    const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
    return protocol === 'http:' || protocol === 'https:' ? raw.replace(/\/+$/, '') : fail(`must be an http(s) URL, got "${raw}"`);
  });

const optionalText = setting((raw) => (unset(raw) ? undefined : raw));

/** One of a few lowercase words, in any case ("Required" is "required"). */
const oneOf = <const T extends string>(values: readonly T[], fallback?: T) =>
  setting((raw, fail): T | undefined => {
    if (unset(raw)) return fallback;
    const word = raw.toLowerCase() as T;
    return values.includes(word) ? word : fail(`must be one of ${values.join(', ')}, got "${raw}"`);
  });

/** `user:password,user2:password2` → Map(user → password). */
const partnerCredentials = setting((value, fail) => {
  const credentials = new Map<string, string>();
  if (value === undefined || value.trim() === '') return credentials;
  for (const pair of value.split(',')) {
    const separator = pair.indexOf(':');
    if (separator <= 0 || separator === pair.length - 1) return fail('must be user:password pairs separated by commas');
    credentials.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
  }
  return credentials;
});

/**
 * How Douyin's goodlife order `status` reads as our order status: `0:UNPAID,1:PAID,2:CANCELLED`.
 * Douyin does not publish that enum; the default is our assumption, to confirm with Douyin.
 */
const bookStatusMap = setting((value, fail) => {
  const map = new Map<number, 'UNPAID' | 'PAID' | 'CANCELLED'>();
  for (const pair of (unset(value) ? '0:UNPAID,1:PAID,2:CANCELLED' : value).split(',')) {
    const match = /^\s*(\d+)\s*:\s*(UNPAID|PAID|CANCELLED)\s*$/.exec(pair);
    if (match === null) return fail(`must be code:UNPAID|PAID|CANCELLED pairs, got "${pair}"`);
    map.set(Number(match[1]), match[2] as 'UNPAID' | 'PAID' | 'CANCELLED');
  }
  return map;
});

/** Every setting (SPEC §6) by its environment name, as text in and typed out. */
const settingsSchema = z.object({
  DOUYIN_BASE_URL: url('https://open.douyin.com'),
  DOUYIN_CLIENT_KEY: optionalText,
  DOUYIN_CLIENT_SECRET: optionalText,
  DOUYIN_SIGNATURE: oneOf(['required', 'off']),
  DOUYIN_SECRET_ARN: optionalText,
  DOUYIN_ORDER_SYNC: oneOf(['on', 'off'], 'off'),
  DOUYIN_ACCOUNT_ID: optionalText,
  DOUYIN_QUERY_TIME_UNIT: oneOf(['seconds', 'milliseconds'], 'seconds'),
  DOUYIN_BOOK_STATUS: bookStatusMap,
  RECONCILE_WINDOW_HOURS: positiveInt(24),
  /** The calendar-room family's open points (SPEC §11, reference Part B §1), each a setting until 联调 settles it. */
  DOUYIN_HOTEL_CREATE_MODE: oneOf(['pay-then-create', 'create-then-pay'], 'pay-then-create'),
  DOUYIN_HOTEL_PAY_CONFIRM_INFO: oneOf(['off', 'on'], 'off'),
  DOUYIN_HOTEL_TIMERANGE_END: oneOf(['inclusive', 'exclusive'], 'inclusive'),
  DOUYIN_HOTEL_CAN_BUY_ARI: oneOf(['on', 'off'], 'on'),
  DOUYIN_HOTEL_CANCEL_AUDIT: oneOf(['auto', 'manual'], 'auto'),
  DOUYIN_HOTEL_PULL_ENVELOPE: oneOf(['data', 'top'], 'data'),
  DOUYIN_HOTEL_PHONE: oneOf(['plain', 'enc', 'local-aes'], 'plain'),
  DOUYIN_HOTEL_HOURLY_TIME: oneOf(['hh:mm', 'hh:mm:ss'], 'hh:mm'),
  AX_BASE_URL: url('https://test.ax-cloud.com'),
  AX_API_KEY: optionalText,
  AX_SECRET_ARN: optionalText,
  AX_DEDUPLICATES: oneOf(['on', 'off'], 'off'),
  PARTNER_CREDENTIALS: partnerCredentials,
  PARTNER_SECRET_ARN: optionalText,
  RATE_KEY_SECRET: optionalText,
  RATE_KEY_SECRET_ARN: optionalText,
  RATE_KEY_TTL_HOURS: positiveInt(24),
  CATALOG_FILE: optionalText,
  RETRY_BASE_SECONDS: positiveInt(30),
  MAX_ATTEMPTS: positiveInt(12),
  AX_POLL_SECONDS: positiveInt(60),
  AX_POLL_LIMIT_SECONDS: positiveInt(72 * 3600),
  SWEEP_GRACE_SECONDS: positiveInt(60),
  PII_RETENTION_DAYS: positiveInt(180),
  AWS_REQUEST_TIMEOUT_MS: positiveInt(1_000),
  AWS_MAX_ATTEMPTS: positiveInt(3),
  AWS_RETRY_BASE_MS: positiveInt(50),
  TABLE_NAME: setting((raw, fail) => {
    if (unset(raw)) return 'channel-hub';
    // DynamoDB's own rule, so a bad name stops the start instead of failing every request.
    return /^[\w.-]{3,255}$/.test(raw) ? raw : fail(`must be 3–255 of a-z A-Z 0-9 _ - . (DynamoDB's rule), got "${raw}"`);
  }),
  QUEUE_URL: optionalText,
  DLQ_URL: optionalText,
  DATA_DIR: optionalText,
  PORT: positiveInt(3000),
  /** The console's Cognito user pool and app client (the stack sets them; the local stack makes its own). */
  ADMIN_USER_POOL_ID: optionalText,
  ADMIN_CLIENT_ID: optionalText,
  /** Where the user pool answers when it is not Cognito itself: the local stand-in. */
  ADMIN_COGNITO_ENDPOINT: optionalText,
});

/** The settings a process runs with, from its environment: what the local stack tells `ops`. */
export function settingsOf(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((name) => {
      const value = env[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
}

const configSchema = z.pipe(
  settingsSchema,
  z.transform((env, payload) => {
    const secretConfigured = env.DOUYIN_CLIENT_SECRET !== undefined || env.DOUYIN_SECRET_ARN !== undefined;
    if (env.DOUYIN_SIGNATURE === 'required' && !secretConfigured) {
      // Fail closed: required signatures with no secret would verify nothing (on AWS the secret's value is
      // read at run time, and an unset one refuses every request with 40101).
      payload.issues.push({
        code: 'custom',
        path: ['DOUYIN_SIGNATURE'],
        message: 'is required but DOUYIN_CLIENT_SECRET is empty: set the secret, or DOUYIN_SIGNATURE=off',
        input: env.DOUYIN_SIGNATURE,
      });
    }
    return {
      douyin: {
        baseUrl: env.DOUYIN_BASE_URL,
        clientKey: env.DOUYIN_CLIENT_KEY,
        clientSecret: env.DOUYIN_CLIENT_SECRET,
        secretArn: env.DOUYIN_SECRET_ARN,
        signature: env.DOUYIN_SIGNATURE ?? (secretConfigured ? 'required' : 'off'),
        orderSync: env.DOUYIN_ORDER_SYNC === 'on',
        accountId: env.DOUYIN_ACCOUNT_ID,
        queryTimeUnit: env.DOUYIN_QUERY_TIME_UNIT,
        bookStatus: env.DOUYIN_BOOK_STATUS,
      },
      reconcileWindowHours: env.RECONCILE_WINDOW_HOURS,
      douyinHotel: {
        payThenCreate: env.DOUYIN_HOTEL_CREATE_MODE === 'pay-then-create',
        confirmInfoOnPayment: env.DOUYIN_HOTEL_PAY_CONFIRM_INFO === 'on',
        timerangeEndInclusive: env.DOUYIN_HOTEL_TIMERANGE_END === 'inclusive',
        canBuyAri: env.DOUYIN_HOTEL_CAN_BUY_ARI === 'on',
        cancelAudit: env.DOUYIN_HOTEL_CANCEL_AUDIT,
        pullEnvelope: env.DOUYIN_HOTEL_PULL_ENVELOPE ?? 'data',
        phone: env.DOUYIN_HOTEL_PHONE ?? 'plain',
        hourlyTime: env.DOUYIN_HOTEL_HOURLY_TIME ?? 'hh:mm',
      },
      ax: {
        baseUrl: env.AX_BASE_URL,
        apiKey: env.AX_API_KEY,
        secretArn: env.AX_SECRET_ARN,
        deduplicates: env.AX_DEDUPLICATES === 'on',
      },
      aws: {
        requestTimeoutMs: env.AWS_REQUEST_TIMEOUT_MS,
        maxAttempts: env.AWS_MAX_ATTEMPTS,
        retryBaseMs: env.AWS_RETRY_BASE_MS,
      },
      partner: {
        credentials: env.PARTNER_CREDENTIALS,
        secretArn: env.PARTNER_SECRET_ARN,
        rateKey: { secret: env.RATE_KEY_SECRET, secretArn: env.RATE_KEY_SECRET_ARN, ttlHours: env.RATE_KEY_TTL_HOURS },
      },
      catalogFile: env.CATALOG_FILE,
      retry: { baseSeconds: env.RETRY_BASE_SECONDS, maxAttempts: env.MAX_ATTEMPTS, capSeconds: 900 },
      axPollSeconds: env.AX_POLL_SECONDS,
      axPollLimitSeconds: env.AX_POLL_LIMIT_SECONDS,
      sweepGraceSeconds: env.SWEEP_GRACE_SECONDS,
      piiRetentionDays: env.PII_RETENTION_DAYS,
      tableName: env.TABLE_NAME,
      queueUrl: env.QUEUE_URL,
      dlqUrl: env.DLQ_URL,
      dataDir: env.DATA_DIR,
      port: env.PORT,
      admin: { userPoolId: env.ADMIN_USER_POOL_ID, clientId: env.ADMIN_CLIENT_ID, cognitoEndpoint: env.ADMIN_COGNITO_ENDPOINT },
    } as const;
  }),
);

export type Config = z.output<typeof configSchema>;

/** Thrown when the environment does not parse; `message` is one line naming the setting. */
export class ConfigError extends ChannelHubError {
  override readonly name = 'ConfigError';
}

/**
 * Parses an environment into a Config, throwing one line that names the first bad setting.
 * @example parseConfig({ MAX_ATTEMPTS: 'x' }) // throws "MAX_ATTEMPTS: must be a positive integer, got \"x\""
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = issue?.path.join('.') || 'configuration';
  throw new ConfigError(`${setting}: ${issue?.message ?? 'invalid'}`);
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (a Lambda's cold start). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forgets the cached configuration so the next getConfig() re-reads the environment (tests, local stack). */
export function resetConfig(): void {
  cached = undefined;
}
