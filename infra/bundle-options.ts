/**
 * How every function is bundled: the one list the stack gives CDK's bundling, and that benchmark b and the
 * bundle tests give esbuild to build the very same bundles.
 */
import type { BuildOptions } from 'esbuild';

export const BUNDLE = {
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner:
    "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
} as const;

/** esbuild's options for a function's bundle as the stack builds it (the AWS SDK bundled too), without writing it. */
export function stackBuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    logLevel: 'silent',
    metafile: true,
  };
}
