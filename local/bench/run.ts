/**
 * `npm run bench [throughput|cold-start|requests|end-to-end|partner|hot-nights|ari|console|calendar-room|profile|soak|chaos [hang|light|heavy]…]`:
 * prints each benchmark's figures. With no name it runs the five benchmarks; the others run only when asked
 * for. `chaos` runs the profiles named after it (all three when none is).
 */
import '../quiet.js';
import { ariBenchmark } from './ari.js';
import { calendarRoomBenchmark } from './calendar-room.js';
import { CHAOS_PROFILES, chaosBenchmark } from './chaos.js';
import { coldStartBenchmark } from './cold-start.js';
import { consoleBenchmark } from './console.js';
import { endToEndBenchmark } from './end-to-end.js';
import { partnerBenchmark } from './partner.js';
import { profileBenchmark } from './profile.js';
import { requestsBenchmark } from './requests.js';
import { soakBenchmark } from './soak.js';
import { hotNightsBenchmark, throughputBenchmark } from './throughput.js';

const benchmarks: Record<string, () => Promise<string>> = {
  // Benchmark a: the plain and allotment rows, then the hot-night rows beside spread nights, conflicts on.
  throughput: async () => `${await throughputBenchmark()}\n\n${await hotNightsBenchmark()}`,
  'cold-start': coldStartBenchmark,
  requests: requestsBenchmark,
  'end-to-end': () => endToEndBenchmark(),
  partner: () => partnerBenchmark(),
};
const onRequest: Record<string, () => Promise<string>> = {
  profile: () => profileBenchmark(),
  soak: () => soakBenchmark(),
  'hot-nights': () => hotNightsBenchmark(),
  ari: () => ariBenchmark(),
  console: () => consoleBenchmark(),
  'calendar-room': () => calendarRoomBenchmark(),
};

/** What the command line asks for, in order: `chaos` takes the profiles after it, every other name is one benchmark. */
function chosenRuns(args: string[]): (() => Promise<string>)[] {
  const [first, ...rest] = args;
  if (first === 'chaos')
    return (rest.length === 0 ? Object.keys(CHAOS_PROFILES) : rest).map((profile) => () => chaosBenchmark(profile));
  return (first === undefined ? Object.keys(benchmarks) : args).map((name) => {
    const run = benchmarks[name] ?? onRequest[name];
    if (run === undefined) {
      console.error(
        `unknown benchmark ${name}; choose from ${[...Object.keys(benchmarks), ...Object.keys(onRequest), 'chaos'].join(', ')}`,
      );
      process.exit(1);
    }
    return run;
  });
}

for (const run of chosenRuns(process.argv.slice(2))) console.log(`${await run()}\n`);
console.log(`machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
process.exit(0);
