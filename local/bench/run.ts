/** `npm run bench [throughput|cold-start|requests|end-to-end]`: prints each benchmark's figures. */
import { coldStartBenchmark } from './cold-start.js';
import { endToEndBenchmark } from './end-to-end.js';
import { requestsBenchmark } from './requests.js';
import { throughputBenchmark } from './throughput.js';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const benchmarks: Record<string, () => Promise<string>> = {
  throughput: () => throughputBenchmark(),
  'cold-start': coldStartBenchmark,
  requests: requestsBenchmark,
  'end-to-end': () => endToEndBenchmark(),
};

const chosen = process.argv.slice(2);
for (const name of chosen.length === 0 ? Object.keys(benchmarks) : chosen) {
  const run = benchmarks[name];
  if (run === undefined) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(benchmarks).join(', ')}`);
    process.exit(1);
  }
  console.log(`${await run()}\n`);
}
console.log(`machine: ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
process.exit(0);
