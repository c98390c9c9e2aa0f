/**
 * `npm run bench [throughput|cold-start|requests|end-to-end|profile|soak]`: prints each benchmark's figures.
 * With no name it runs the four benchmarks; `profile` and `soak` run only when asked for.
 */
import '../quiet.js';
import { coldStartBenchmark } from './cold-start.js';
import { endToEndBenchmark } from './end-to-end.js';
import { profileBenchmark } from './profile.js';
import { requestsBenchmark } from './requests.js';
import { soakBenchmark } from './soak.js';
import { hotNightsBenchmark, throughputBenchmark } from './throughput.js';

const benchmarks: Record<string, () => Promise<string>> = {
  throughput: () => throughputBenchmark(),
  'cold-start': coldStartBenchmark,
  requests: requestsBenchmark,
  'end-to-end': () => endToEndBenchmark(),
};
const onRequest: Record<string, () => Promise<string>> = {
  profile: () => profileBenchmark(),
  soak: () => soakBenchmark(),
  'hot-nights': () => hotNightsBenchmark(),
};

const chosen = process.argv.slice(2);
for (const name of chosen.length === 0 ? Object.keys(benchmarks) : chosen) {
  const run = benchmarks[name] ?? onRequest[name];
  if (run === undefined) {
    console.error(`unknown benchmark ${name}; choose from ${[...Object.keys(benchmarks), ...Object.keys(onRequest)].join(', ')}`);
    process.exit(1);
  }
  console.log(`${await run()}\n`);
}
console.log(`machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
process.exit(0);
