/** The shared part of the fake partners: a loopback HTTP server with scripted faults per operation. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer in place of the normal one: a status, a body, a delay, or all three. */
export interface Fault {
  httpStatus?: number;
  body?: unknown;
  /** Answer only after this long (a slow partner; past our timeout it is a timeout). */
  delayMs?: number;
  /** Delay, then answer normally (a slow success). */
  thenNormal?: boolean;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A loopback server whose routes can be told to fail next. */
export class HttpFake {
  readonly #faults = new Map<string, Fault[]>();
  readonly #calls = new Map<string, number>();
  #server: Server | undefined;
  url = '';

  /** Queues faults for the next calls of `operation`, in order. */
  failNext(operation: string, ...faults: Fault[]): void {
    this.#faults.set(operation, [...(this.#faults.get(operation) ?? []), ...faults]);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  /** How many calls of `operation` arrived, answered normally or with a fault. */
  callsOf(operation: string): number {
    return this.#calls.get(operation) ?? 0;
  }

  protected async start(
    route: (request: FakeRequest) => { operation: string; answer: () => { status: number; body: unknown } },
  ): Promise<string> {
    this.#server = createServer((req, res) => void this.#serve(req, res, route));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async #serve(
    req: IncomingMessage,
    res: ServerResponse,
    route: (request: FakeRequest) => { operation: string; answer: () => { status: number; body: unknown } },
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const request = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', this.url), headers: req.headers, body };
    const { operation, answer } = route(request);
    this.#calls.set(operation, (this.#calls.get(operation) ?? 0) + 1);
    const fault = this.#faults.get(operation)?.shift();
    if (fault?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    const reply = fault === undefined || fault.thenNormal ? answer() : { status: fault.httpStatus ?? 200, body: fault.body };
    res
      .writeHead(reply.status, { 'content-type': 'application/json' })
      .end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve) ?? resolve(undefined));
  }
}
