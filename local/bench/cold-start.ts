/**
 * Benchmark b: each function's bundle (esbuild, as the CDK stack bundles it) and its module import time in
 * a fresh Node process, beside a bare handler that imports only the AWS SDK clients that same function's
 * bundle contains, and makes one of each.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { stackBuildOptions } from '../../infra/bundle-options.js';
import { FunctionName } from '../../lib/http/routes.js';
import { median, table } from './stats.js';

/**
 * Rounds of imports. One import of the same bundle takes anywhere from 55 to 107 ms here, so with nine
 * rounds the worst ratio moved between 1.15 and 1.50 from one run to the next.
 */
const RUNS = 21;

/** How the bare handler makes each SDK client a function may bundle; an unknown one stops the benchmark. */
const SDK_CLIENTS: Record<string, { import: string; make: string }> = {
  '@aws-sdk/client-dynamodb': {
    import: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    make: 'new DynamoDBClient({})',
  },
  '@aws-sdk/lib-dynamodb': {
    import: "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    make: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  '@aws-sdk/client-sqs': { import: "import { SQSClient } from '@aws-sdk/client-sqs';", make: 'new SQSClient({})' },
};

const common: BuildOptions = stackBuildOptions();

/**
 * The libraries the mission names for the functions (and Powertools' own dependencies); with their
 * dependencies, what no function could leave out.
 */
const MISSION_LIBRARIES = [
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/batch',
  '@middy/core',
  'zod',
  'fast-xml-parser',
];

/** The packages `roots` bring with them, read from node_modules. */
function withDependencies(roots: string[]): Set<string> {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    const manifest = JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  for (const root of roots) visit(root);
  return found;
}

const missionPackages = withDependencies(MISSION_LIBRARIES);
const sdkPackages = withDependencies(Object.keys(SDK_CLIENTS));

/** Where a bundled input comes from, for the breakdown of the bytes above the bare handler. */
type Origin = 'AWS SDK' | 'mission libraries' | 'our code' | 'other';

/** The npm package a bundled input belongs to; undefined for our own files. */
function packageOf(input: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
}

function originOf(input: string): Origin {
  const pkg = packageOf(input);
  if (pkg === undefined) return 'our code';
  if (missionPackages.has(pkg)) return 'mission libraries';
  return sdkPackages.has(pkg) ? 'AWS SDK' : 'other';
}

interface Bundle {
  file: string;
  kb: number;
  /** The AWS SDK client packages inside it. */
  sdkClients: string[];
  /** KiB of the minified output by origin, and the packages counted as `other`. */
  origins: Record<Origin, number>;
  others: Set<string>;
}

async function bundle(outdir: string, input: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<Bundle> {
  const file = join(outdir, 'index.mjs');
  const { metafile } = await build({ ...common, ...input, outfile: file });
  const clients = new Set<string>();
  const origins: Record<Origin, number> = { 'AWS SDK': 0, 'mission libraries': 0, 'our code': 0, other: 0 };
  const others = new Set<string>();
  for (const [path, { bytesInOutput }] of Object.entries(Object.values(metafile?.outputs ?? {})[0]?.inputs ?? {})) {
    const client = /node_modules\/(@aws-sdk\/(?:client-[^/]+|lib-dynamodb))\//.exec(path)?.[1];
    if (client !== undefined) clients.add(client);
    const origin = originOf(path);
    origins[origin] += bytesInOutput / 1024;
    if (origin === 'other') others.add(packageOf(path) ?? path);
  }
  return { file, kb: statSync(file).size / 1024, sdkClients: [...clients].sort(), origins, others };
}

/** The bare handler's source: the same SDK clients, one of each made at import, nothing else. */
function bareSource(sdkClients: string[]): string {
  const known = sdkClients.map((name) => {
    const client = SDK_CLIENTS[name];
    if (client === undefined) throw new Error(`no bare form for ${name}; add it to SDK_CLIENTS`);
    return client;
  });
  const imports = known.map((client) => client.import);
  return `${imports.join('\n')}\nconst clients = [${known.map((client) => client.make).join(', ')}];\nexport const handler = async () => ({ statusCode: 200, body: String(clients.length) });\n`;
}

/** Ms to import the bundle in a fresh process (Node's own start-up excluded). */
function importTime(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, AWS_REGION: 'us-east-1' },
    }).toString(),
  );
}

/**
 * Median import time of each file over RUNS rounds, every file once per round, so that a slow spell of
 * the machine falls on functions and bare handlers alike.
 */
function importTimes(files: string[]): Map<string, number> {
  const times = new Map(files.map((file) => [file, [] as number[]]));
  for (let round = 0; round < RUNS; round++) for (const file of files) times.get(file)?.push(importTime(file));
  return new Map([...times].map(([file, runs]) => [file, median(runs)]));
}

export async function coldStartBenchmark(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'channel-hub-bundles-'));
  try {
    const bares = new Map<string, Bundle>();
    const built = [];
    for (const name of Object.values(FunctionName)) {
      mkdirSync(join(dir, name));
      const own = await bundle(join(dir, name), { entryPoints: [`functions/${name}.ts`] });
      const key = own.sdkClients.join(' ');
      let bare = bares.get(key);
      if (bare === undefined) {
        const outdir = join(dir, `bare-${bares.size}`);
        mkdirSync(outdir);
        bare = await bundle(outdir, {
          stdin: { contents: bareSource(own.sdkClients), resolveDir: process.cwd(), loader: 'js' },
        });
        bares.set(key, bare);
      }
      built.push({ name, own, bare });
    }
    const ms = importTimes([...bares.values(), ...built.map((row) => row.own)].map((entry) => entry.file));
    const rows = built.map(({ name, own, bare }) => ({
      name,
      clients: own.sdkClients,
      kb: own.kb,
      ms: ms.get(own.file) ?? Number.NaN,
      bare: { kb: bare.kb, ms: ms.get(bare.file) ?? Number.NaN },
    }));
    const worst = {
      kb: Math.max(...rows.map((row) => row.kb / row.bare.kb)),
      ms: Math.max(...rows.map((row) => row.ms / row.bare.ms)),
    };
    const meets = (row: (typeof rows)[number]) => row.kb / row.bare.kb <= 1.25 && row.ms / row.bare.ms <= 1.25;
    const within = rows.filter(meets);
    const missed = rows.filter((row) => !meets(row)).map((row) => row.name);
    const short = (client: string) => client.replace('@aws-sdk/', '').replace('client-', '');
    return [
      `b. cold start: minified ESM bundle and median import time over ${RUNS} rounds of fresh processes (${process.version}), each beside a bare handler making only the SDK clients that function bundles`,
      table(
        ['function', 'SDK clients', 'bundle KiB', 'bare KiB', '× bare', 'import ms', 'bare ms', '× bare'],
        rows.map((row) => [
          row.name,
          row.clients.map(short).join(', '),
          row.kb.toFixed(0),
          row.bare.kb.toFixed(0),
          (row.kb / row.bare.kb).toFixed(2),
          row.ms.toFixed(1),
          row.bare.ms.toFixed(1),
          (row.ms / row.bare.ms).toFixed(2),
        ]),
      ),
      `worst: bundle ${worst.kb.toFixed(2)}× and import ${worst.ms.toFixed(2)}× the bare handler (target ≤ 1.25: ${worst.kb <= 1.25 && worst.ms <= 1.25 ? 'met' : 'NOT met'}; met by ${within.length} of ${rows.length}${missed.length > 0 ? `, not by ${missed.join(', ')}` : ''})`,
      '',
      `where the KiB above the bare handler come from (mission libraries: ${MISSION_LIBRARIES.join(', ')}, with their dependencies); "least × bare" is the bundle with none of our code and no other library`,
      table(
        ['function', 'above bare', 'AWS SDK', 'mission libraries', 'our code', 'other', 'least × bare'],
        built.map(({ name, own, bare }) => {
          const above = (origin: Origin) => own.origins[origin] - bare.origins[origin];
          const least = (bare.kb + above('AWS SDK') + above('mission libraries')) / bare.kb;
          return [
            name,
            (own.kb - bare.kb).toFixed(1),
            above('AWS SDK').toFixed(1),
            above('mission libraries').toFixed(1),
            above('our code').toFixed(1),
            `${above('other').toFixed(1)}${own.others.size > 0 ? ` (${[...own.others].sort().join(', ')})` : ''}`,
            least.toFixed(2),
          ];
        }),
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
