/**
 * `npm run bench -- profile`: the commit handler under benchmark a's load, with V8's CPU profiler on the
 * local stack's process (DynamoDB and SQS emulators included, as they share it). Prints self time by
 * package and writes the .cpuprofile for Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { withBenchStack } from './bench-stack.js';
import { table } from './stats.js';
import { load } from './throughput.js';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}

/** Where a frame's code lives: its npm package, a Node built-in, our file, or a V8 pseudo-frame. */
function owner({ url, functionName }: ProfileNode['callFrame']): string {
  if (url === '') return functionName;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  return url.startsWith('node:') ? url : url.replace(/^.*?\/(lib|functions|local)\//, '$1/');
}

export async function profileBenchmark(seconds = 10, out = 'commit.cpuprofile'): Promise<string> {
  return withBenchStack({ worker: false }, async ({ stack }) => {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await load(`${stack.url}/poi/ext/hotel/order/commit`, seconds);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(out, JSON.stringify(profile));

    const nodes = new Map((profile.nodes as ProfileNode[]).map((node) => [node.id, node]));
    const self = new Map<string, number>();
    let total = 0;
    profile.samples?.forEach((id, index) => {
      const node = nodes.get(id);
      const micros = profile.timeDeltas?.[index] ?? 0;
      if (node === undefined) return;
      const key = owner(node.callFrame);
      self.set(key, (self.get(key) ?? 0) + micros);
      total += micros;
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    return [
      `profile: commit handler at concurrency 40 for ${seconds} s (${result.rps.toFixed(0)} req/s under the profiler); written to ${out}`,
      table(
        ['self time by', 'ms', '%'],
        top.map(([key, micros]) => [key, (micros / 1000).toFixed(0), ((100 * micros) / total).toFixed(1)]),
      ),
    ].join('\n');
  });
}
