/**
 * Child processes that never outlive the stack: each runs under a small shell watchdog that reads our end of
 * a pipe, so when this process ends, however it ends (kill -9 included), the pipe closes and the watchdog
 * stops the child. Closing the child's stdin stops it on purpose.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ChannelHubError } from '../lib/errors.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

// $@ is the command line. fd 3 keeps our pipe for the watcher (an asynchronous list's own stdin is
// /dev/null); the watcher stops the child when the pipe closes, and the shell ends with the child.
const WATCHDOG = `exec 3<&0
"$@" </dev/null 3<&- &
pid=$!
( read -r _ <&3; kill "$pid" 2>/dev/null ) &
watcher=$!
wait "$pid"
code=$?
kill "$watcher" 2>/dev/null
exit "$code"`;

/** Runs `command args` under the watchdog; end it with `child.stdin.end()`. */
function spawnWatched(
  name: string,
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): ChildProcess {
  return spawn('sh', ['-c', WATCHDOG, name, command, ...args], { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Answers once the server speaks HTTP (any status: an unsigned probe gets 400). */
async function ready(
  label: string,
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new ChannelHubError(`${label} exited with ${child.exitCode}: ${output().trim()}`);
    try {
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new ChannelHubError(`${label} did not answer within ${timeoutMs} ms: ${output().trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a local server under the watchdog and returns once it answers HTTP at `endpoint`; when it exits or
 * does not answer in time, stops it and throws with the last of what it printed.
 * @example const server = await startWatched('DynamoDB Local', java, args, 'http://127.0.0.1:8000'); await server.stop()
 */
export async function startWatched(
  label: string,
  command: string,
  args: readonly string[],
  endpoint: string,
  options: Omit<SpawnOptions, 'stdio'> & { timeoutMs?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const { timeoutMs = 30_000, ...spawnOptions } = options;
  const child = spawnWatched(label.toLowerCase().replaceAll(' ', '-'), command, args, spawnOptions);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin?.end();
    await exited;
  };
  try {
    await ready(label, endpoint, child, () => output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
