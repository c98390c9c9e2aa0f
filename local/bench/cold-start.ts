/**
 * Benchmark b: each function's bundle (esbuild, as the CDK stack bundles it) and its module import time in
 * a fresh Node process, beside a bare handler importing only the same AWS SDK clients.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { FunctionName } from '../../lib/http/routes.js';
import { median, table } from './stats.js';

const RUNS = 9;

async function bundle(entry: string, outdir: string): Promise<string> {
  const outfile = join(outdir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return outfile;
}

/** Median ms to import the bundle in a fresh process (Node's own start-up excluded). */
function importTime(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, AWS_REGION: 'us-east-1' },
      }).toString(),
    ),
  );
  return median(times);
}

export async function coldStartBenchmark(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'channel-hub-bundles-'));
  try {
    const measure = async (name: string, entry: string) => {
      const file = await bundle(entry, join(dir, name));
      return { name, kb: statSync(file).size / 1024, ms: importTime(file) };
    };
    const bare = await measure('bare (SDK clients only)', 'local/bench/bare-handler.ts');
    const rows = [];
    for (const name of Object.values(FunctionName)) rows.push(await measure(name, `functions/${name}.ts`));
    const worst = { kb: Math.max(...rows.map((row) => row.kb / bare.kb)), ms: Math.max(...rows.map((row) => row.ms / bare.ms)) };
    return [
      `b. cold start: minified ESM bundle and median import time over ${RUNS} fresh processes (${process.version})`,
      table(
        ['function', 'bundle KiB', '× bare', 'import ms', '× bare'],
        [bare, ...rows].map((row) => [
          row.name,
          row.kb.toFixed(0),
          (row.kb / bare.kb).toFixed(2),
          row.ms.toFixed(1),
          (row.ms / bare.ms).toFixed(2),
        ]),
      ),
      `worst: bundle ${worst.kb.toFixed(2)}× and import ${worst.ms.toFixed(2)}× the bare handler (target ≤ 1.25: ${worst.kb <= 1.25 && worst.ms <= 1.25 ? 'met' : 'NOT met'})`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
