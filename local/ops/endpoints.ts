/**
 * The endpoints file: how a running local stack tells `npm run ops` where it is and how it is configured
 * (its emulators, queues, table, and the settings it runs with, its fake partners' URLs and credentials
 * among them), so every command works against that stack as the stack itself would. This module owns the
 * file's type; the local stack writes it, ops reads it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LocalEndpoints {
  dynamodb: string;
  sqs: string;
  queueUrl: string;
  dlqUrl: string;
  tableName: string;
  pid: number;
  /** The SPEC §6 settings the stack runs with, as environment variables. */
  settings: Record<string, string>;
}

/** Where the local stack publishes its endpoints: DATA_DIR, or `.data/` in the project when in memory. */
export function endpointsFile(dataDir = process.env.DATA_DIR): string {
  return join(dataDir || '.data', 'endpoints.json');
}

/** Writes the file, readable by its owner only (it holds the stack's local credentials). */
export function writeEndpoints(file: string, endpoints: LocalEndpoints): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(endpoints, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeEndpoints(file: string): void {
  rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The endpoints of a running local stack, or undefined when none is running there. */
export function readEndpoints(file: string): LocalEndpoints | undefined {
  if (!existsSync(file)) return undefined;
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
  return alive(endpoints.pid) ? endpoints : undefined;
}
