/**
 * DynamoDB Local, Amazon's own DynamoDB emulator, as a child process: the jar comes from the npm package
 * `amplify-dynamodb-simulator` (so `npm ci` brings it), the JVM from the machine (Java 11 or later).
 *
 * The JVM runs under a small shell watchdog that reads our end of a pipe: when this process ends, however
 * it ends (kill -9 included), the pipe closes and the watchdog stops the JVM, so no emulator outlives its
 * stack and a restart on the same DATA_DIR finds its files free.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ChannelHubError } from '../lib/errors.js';
import { freePort, startWatched } from './watchdog.js';

/** The one line `npm start` and `npm test` print when there is no usable Java. */
const JAVA_HINT =
  'DynamoDB Local needs Java 11 or later: install it (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless) or set JAVA_HOME';

/** No Java, or one too old for DynamoDB Local. */
export class JavaMissingError extends ChannelHubError {
  override readonly name = 'JavaMissingError';
}

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  stop(): Promise<void>;
}

function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * The Java major version, or a JavaMissingError naming what is wrong.
 * @example checkJava() // 17
 */
export function checkJava(java = javaCommand()): number {
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) throw new JavaMissingError(JAVA_HINT);
  // `openjdk version "17.0.15"`, `java version "1.8.0_392"`
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match === null ? 0 : Number(match[1]) === 1 ? Number(match[2]) : Number(match[1]);
  if (major < 11) throw new JavaMissingError(`${JAVA_HINT} (found Java ${major || 'of unknown version'})`);
  return major;
}

/** The folder holding DynamoDBLocal.jar and its native libraries. */
function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/**
 * Starts DynamoDB Local on a free loopback port: in memory, or on disk in `dbPath`. One shared database
 * (`-sharedDb`), so every client sees the same tables whatever credentials it signs with.
 * @example const ddb = await startDynamoDbLocal(); process.env.AWS_ENDPOINT_URL_DYNAMODB = ddb.endpoint
 */
export async function startDynamoDbLocal(options: { dbPath?: string; timeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  const java = javaCommand();
  checkJava(java);
  const dir = emulatorDir();
  const port = await freePort();
  const storage = options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath];
  if (options.dbPath !== undefined) mkdirSync(options.dbPath, { recursive: true });
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ];
  const endpoint = `http://127.0.0.1:${port}`;
  const { stop } = await startWatched('DynamoDB Local', java, args, endpoint, { timeoutMs: options.timeoutMs ?? 30_000 });
  return { endpoint, stop };
}
