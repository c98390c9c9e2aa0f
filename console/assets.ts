/**
 * The console's files and the headers they are served with, for both places that serve them: the local
 * gateway (in memory) and the CDK stack (a folder the bucket deployment uploads). One build, one header set.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
}

/** The built console: `index.html`, `app.js` and `app.css`, by name. */
export function buildConsole(): Map<string, ConsoleFile> {
  const built = buildSync({
    entryPoints: [join(here, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    write: false,
    outfile: 'app.js',
    logLevel: 'silent',
  });
  const app = built.outputFiles[0];
  if (app === undefined) throw new Error('the console did not build');
  return new Map([
    ['index.html', { body: readFileSync(join(here, 'index.html')), contentType: 'text/html; charset=utf-8' }],
    ['app.js', { body: Buffer.from(app.contents), contentType: 'text/javascript; charset=utf-8' }],
    ['app.css', { body: readFileSync(join(here, 'app.css')), contentType: 'text/css; charset=utf-8' }],
  ]);
}

/** The bytes the browser downloads, raw and gzipped. */
export function consoleSize(files: Map<string, ConsoleFile>): { bytes: number; gzipBytes: number } {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files.values()) {
    bytes += file.body.length;
    gzipBytes += gzipSync(file.body).length;
  }
  return { bytes, gzipBytes };
}

/**
 * The Content-Security-Policy: scripts, styles and calls from the console's own origin only (no inline
 * script, no CDN), plus the user pool's endpoint for signing in.
 */
export function consoleCsp(cognitoOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${cognitoOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every console file is served with (CloudFront's response headers policy says the same). */
export function consoleHeaders(cognitoOrigin: string): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(cognitoOrigin),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'cache-control': 'no-cache',
  };
}
