/**
 * A stand-in that misbehaves as AWS does, for the tests and benchmarks (SPEC §9): an HTTP proxy in front of
 * DynamoDB Local or fauxqs that, at configurable rates, throttles and fails with 5xx in the service's own
 * wire form, cuts the connection after the request reached the service (the write happened, the answer is
 * lost), never answers (the socket stays open until the client gives up), or adds latency. For DynamoDB it
 * also cancels what DynamoDB cancels and DynamoDB Local never does: a TransactWriteItems that touches an item
 * another transaction is writing (`TransactionCanceledException`, reason `TransactionConflict`), and a
 * single-item write to such an item (`TransactionConflictException`).
 *
 * The SDK clients talk to it exactly as to the service (AWS_ENDPOINT_URL_DYNAMODB / _SQS), so their own
 * error parsing, retries and timeouts are what is tested.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The faults drawn per call, each with its own probability (0–1); at most one per call. */
export const FaultKind = {
  Throttle: 'throttle',
  ServerError: 'serverError',
  CutAfterWrite: 'cutAfterWrite',
  Hang: 'hang',
  Delay: 'delay',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

export type FaultRates = Partial<Record<FaultKind, number>>;

export interface ChaosOptions {
  /** The service behind: its wire form decides what an error looks like. */
  service: 'dynamodb' | 'sqs';
  /** Where DynamoDB Local or fauxqs listens. */
  target: string;
  rates?: FaultRates;
  /** Added latency of a `delay` fault, ms (uniform in the range). */
  delayMs?: [number, number];
  /** Cancel transactions (and single writes) that meet an ongoing transaction on an item: DynamoDB's rule. */
  conflicts?: boolean;
  /** Only these operations draw random faults (e.g. ['PutItem']); all when absent. */
  operations?: string[];
  random?: () => number;
}

/** What the stand-in did, for a benchmark's or a test's figures. */
export type ChaosCounts = Record<FaultKind | 'transactionConflict' | 'writeConflict' | 'forwarded', number>;

interface Call {
  operation: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

const DYNAMODB_ERRORS = {
  throttle: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  serverError: {
    status: 500,
    type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error',
  },
} as const;

const SQS_ERRORS = {
  throttle: {
    status: 400,
    type: 'com.amazonaws.sqs#RequestThrottled',
    code: 'RequestThrottled;Sender',
    message: 'Rate exceeded',
  },
  serverError: {
    status: 500,
    type: 'com.amazonaws.sqs#InternalError',
    code: 'InternalError;Receiver',
    message: 'We encountered an internal error. Please try again.',
  },
} as const;

/** DynamoDB's key of an item a write names: its table and its key attributes, in attribute-value form. */
function itemKey(table: string | undefined, key: Record<string, unknown> | undefined): string | undefined {
  if (table === undefined || key === undefined) return undefined;
  const { pk, sk } = key as { pk?: unknown; sk?: unknown };
  return JSON.stringify([table, pk ?? key, sk ?? null]);
}

type TransactItem = {
  Put?: { TableName?: string; Item?: Record<string, unknown> };
  Update?: { TableName?: string; Key?: Record<string, unknown> };
  Delete?: { TableName?: string; Key?: Record<string, unknown> };
  ConditionCheck?: { TableName?: string; Key?: Record<string, unknown> };
};

/** The items a write touches, or undefined for a call that writes nothing. */
function writtenItems(operation: string, body: Buffer): string[] | undefined {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const table = input.TableName as string | undefined;
  switch (operation) {
    case 'PutItem':
      return [itemKey(table, input.Item as Record<string, unknown>)].filter((key): key is string => key !== undefined);
    case 'UpdateItem':
    case 'DeleteItem':
      return [itemKey(table, input.Key as Record<string, unknown>)].filter((key): key is string => key !== undefined);
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as TransactItem[]).map((item) => {
        const part = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
        const key = item.Put === undefined ? (part as { Key?: Record<string, unknown> })?.Key : item.Put.Item;
        return itemKey(part?.TableName, key) ?? randomUUID();
      });
    default:
      return undefined;
  }
}

export class AwsChaos {
  readonly counts: ChaosCounts = {
    throttle: 0,
    serverError: 0,
    cutAfterWrite: 0,
    hang: 0,
    delay: 0,
    transactionConflict: 0,
    writeConflict: 0,
    forwarded: 0,
  };
  url = '';
  #server: Server | undefined;
  #rates: FaultRates;
  /** Faults scripted for the next calls of an operation, in order, before any drawn at random. */
  readonly #next = new Map<string, FaultKind[]>();
  /** Items an ongoing transaction is writing, with how many transactions write each. */
  readonly #ongoing = new Map<string, number>();
  readonly #hung = new Set<ServerResponse>();

  constructor(readonly options: ChaosOptions) {
    this.#rates = { ...options.rates };
  }

  /** Changes the fault rates from the next call on (e.g. faults off once a soak's load is sent). */
  setRates(rates: FaultRates): void {
    this.#rates = { ...rates };
  }

  /**
   * Scripts faults for the next calls of `operation` (e.g. 'PutItem', 'SendMessage'), in order.
   * @example chaos.failNext('PutItem', 'hang')
   */
  failNext(operation: string, ...faults: FaultKind[]): void {
    this.#next.set(operation, [...(this.#next.get(operation) ?? []), ...faults]);
  }

  /** Forgets the scripted faults not yet served. */
  clearScripted(): void {
    this.#next.clear();
  }

  /** Every fault injected so far, conflicts included. */
  injected(): number {
    const { forwarded: _forwarded, ...faults } = this.counts;
    return Object.values(faults).reduce((sum, count) => sum + count, 0);
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => void this.#serve(request, response));
    // A client that gave up on a hung call closes its socket; nothing else is kept open.
    this.#server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.#hung) response.destroy();
    this.#hung.clear();
    this.#server?.closeAllConnections();
    await new Promise((resolve) => (this.#server === undefined ? resolve(undefined) : this.#server.close(resolve)));
  }

  #draw(operation: string): FaultKind | undefined {
    const scripted = this.#next.get(operation)?.shift();
    if (scripted !== undefined) return scripted;
    if (this.options.operations !== undefined && !this.options.operations.includes(operation)) return undefined;
    const random = this.options.random ?? Math.random;
    for (const kind of Object.values(FaultKind)) {
      const rate = this.#rates[kind] ?? 0;
      if (rate > 0 && random() < rate) return kind;
    }
    return undefined;
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const call: Call = {
      operation: target.slice(target.indexOf('.') + 1),
      body: Buffer.concat(chunks),
      headers: request.headers,
    };
    const fault = this.#draw(call.operation);
    if (fault !== undefined) this.counts[fault] += 1;
    switch (fault) {
      case 'throttle':
      case 'serverError':
        return this.#error(response, fault);
      case 'hang':
        // Never answers; the socket stays open until the client's own timeout closes it.
        this.#hung.add(response);
        response.on('close', () => this.#hung.delete(response));
        return;
      case 'delay': {
        const [min, max] = this.options.delayMs ?? [200, 800];
        await new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)));
        break;
      }
      default:
        break;
    }
    const written = this.options.conflicts === true ? writtenItems(call.operation, call.body) : undefined;
    if (written !== undefined) {
      const conflicting = written.map((key) => (this.#ongoing.get(key) ?? 0) > 0);
      if (conflicting.some(Boolean)) return this.#conflict(response, call.operation, conflicting);
    }
    const ongoing = call.operation === 'TransactWriteItems' ? (written ?? []) : [];
    for (const key of ongoing) this.#ongoing.set(key, (this.#ongoing.get(key) ?? 0) + 1);
    try {
      const answer = await this.#forward(call, request);
      this.counts.forwarded += 1;
      if (fault === 'cutAfterWrite') {
        // The service did the work; the caller never hears of it.
        response.socket?.destroy();
        return;
      }
      response.writeHead(answer.status, answer.headers).end(answer.body);
    } catch {
      response.socket?.destroy();
    } finally {
      for (const key of ongoing) {
        const left = (this.#ongoing.get(key) ?? 1) - 1;
        if (left === 0) this.#ongoing.delete(key);
        else this.#ongoing.set(key, left);
      }
    }
  }

  #forward(call: Call, request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const target = new URL(this.options.target);
    return new Promise((resolve, reject) => {
      const headers = { ...call.headers, host: target.host, 'content-length': String(call.body.length) };
      const outbound = httpRequest(
        { hostname: target.hostname, port: target.port, path: request.url, method: request.method, headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            const kept: Record<string, string> = {};
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value !== undefined && name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') {
                kept[name] = Array.isArray(value) ? value.join(',') : value;
              }
            }
            resolve({ status: answer.statusCode ?? 502, headers: kept, body: Buffer.concat(parts) });
          });
          answer.on('error', reject);
        },
      );
      outbound.on('error', reject);
      outbound.end(call.body);
    });
  }

  #error(response: ServerResponse, kind: 'throttle' | 'serverError'): void {
    const requestId = randomUUID();
    if (this.options.service === 'dynamodb') {
      const error = DYNAMODB_ERRORS[kind];
      response
        .writeHead(error.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId })
        .end(JSON.stringify({ __type: error.type, message: error.message }));
      return;
    }
    const error = SQS_ERRORS[kind];
    response
      .writeHead(error.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': requestId,
        'x-amzn-query-error': error.code,
      })
      .end(JSON.stringify({ __type: error.type, message: error.message }));
  }

  /** DynamoDB's answer to a write that meets an ongoing transaction on one of its items. */
  #conflict(response: ServerResponse, operation: string, conflicting: boolean[]): void {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() };
    if (operation === 'TransactWriteItems') {
      this.counts.transactionConflict += 1;
      const reasons = conflicting.map((conflict) =>
        conflict ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
      );
      response.writeHead(400, headers).end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          CancellationReasons: reasons,
          Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
        }),
      );
      return;
    }
    this.counts.writeConflict += 1;
    response.writeHead(400, headers).end(
      JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionConflictException',
        message: 'Transaction is ongoing for the item',
      }),
    );
  }
}

/**
 * Starts a stand-in in front of `target`.
 * @example const chaos = await startChaos({ service: 'dynamodb', target: ddb.endpoint, rates: { hang: 0.01 } })
 */
export function startChaos(options: ChaosOptions): Promise<AwsChaos> {
  return new AwsChaos(options).start();
}
