/**
 * The local stand-in for API Gateway's HTTP API: one server on loopback that routes each request to its
 * Lambda handler as a payload-2.0 event, plus `GET /health`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleFile } from '../console/assets.js';
import { AdminAuthError, callerOf } from '../lib/admin/auth.js';
import { ANSWER_WITHIN_MS } from '../lib/http/answer-budget.js';
import { matchRoute } from '../lib/http/routes.js';
import { httpHandlers, within } from './handlers.js';
import { apiEvent, lambdaContext } from './lambda-runtime.js';

/** API Gateway's own payload limit: larger requests never reach a Lambda. */
const API_GATEWAY_LIMIT_BYTES = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= API_GATEWAY_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= API_GATEWAY_LIMIT_BYTES ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

async function authorized(header: string | undefined): Promise<boolean> {
  try {
    await callerOf(header);
    return true;
  } catch (error) {
    if (error instanceof AdminAuthError) return false;
    throw error;
  }
}

const json = (response: ServerResponse, status: number, body: string) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);

/** The console's files and headers, as CloudFront serves them from the bucket on AWS. */
export interface ConsoleSite {
  files: Map<string, ConsoleFile>;
  headers: Record<string, string>;
}

/** `/console/` and its files; false when the path is not the console's. */
function serveConsole(site: ConsoleSite, method: string, path: string, response: ServerResponse): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/console') return void response.writeHead(301, { location: '/console/' }).end(), true;
  const name = path === '/console/' ? 'index.html' : path.startsWith('/console/') ? path.slice('/console/'.length) : undefined;
  const file = name === undefined ? undefined : site.files.get(name);
  if (file === undefined) return false;
  response.writeHead(200, { ...site.headers, 'content-type': file.contentType, 'content-length': file.body.length });
  response.end(method === 'HEAD' ? undefined : file.body);
  return true;
}

async function serve(request: IncomingMessage, response: ServerResponse, site: ConsoleSite | undefined): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  if (request.method === 'GET' && url.pathname === '/health') return void json(response, 200, '{"status":"ok"}');
  const route = matchRoute(request.method ?? '', url.pathname);
  if (route === undefined && site !== undefined && serveConsole(site, request.method ?? '', url.pathname, response)) return;
  const load = route && httpHandlers[route.functionName];
  if (route === undefined || load === undefined) return void json(response, 404, '{"message":"Not Found"}');
  try {
    const body = await readBody(request);
    if (body === undefined) return void json(response, 413, '{"message":"Request Entity Too Large"}');
    // The JWT authorizer's check (signature, issuer, client, expiry): a request without a valid token never
    // reaches the Lambda, which checks it again with its groups.
    if (route.authorized === true && !(await authorized(request.headers.authorization))) {
      return void json(response, 401, '{"message":"Unauthorized"}');
    }
    const handler = await load();
    const event = apiEvent({
      method: request.method ?? 'POST',
      url,
      routeKey: `${route.method} ${route.path}`,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      ...(route.params === undefined ? {} : { pathParameters: route.params }),
    });
    const result = await within(route.functionName, () =>
      handler(event, lambdaContext(route.functionName, route.timeoutMs ?? ANSWER_WITHIN_MS)),
    );
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>).end(payload);
  } catch (error) {
    // API Gateway answers 500 when a Lambda throws; the handlers are written never to.
    console.error('handler threw', error);
    json(response, 500, '{"message":"Internal Server Error"}');
  }
}

export interface Gateway {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0 picks a free one), serving the console's files when given them. */
export async function startGateway(port: number, site?: ConsoleSite): Promise<Gateway> {
  const server: Server = createServer((request, response) => void serve(request, response, site));
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
