/**
 * Child processes that never outlive the stack: each runs under a small shell watchdog that reads our end of
 * a pipe, so when this process ends, however it ends (kill -9 included), the pipe closes and the watchdog
 * stops the child. Closing the child's stdin stops it on purpose.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';

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
export function spawnWatched(
  name: string,
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): ChildProcess {
  return spawn('sh', ['-c', WATCHDOG, name, command, ...args], { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
}
