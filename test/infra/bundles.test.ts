/**
 * What a Lambda's bundle carries, built as the stack builds it (esbuild, minified ESM): a per-method partner
 * function keeps only its own method's code, and only the SQS client when its method can owe work; the
 * single address keeps every method; the retention run, which owes no work, no SQS client.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { stackBuildOptions } from '../../infra/bundle-options.js';

/** The source files and packages that made it into a function's bundle (tree-shaken away ones excluded). */
async function bundled(name: string): Promise<string[]> {
  const result = await build({ ...stackBuildOptions(), entryPoints: [`functions/${name}.ts`], write: false });
  const [output] = Object.values(result.metafile?.outputs ?? {});
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const METHOD_FILES = {
  quotes: 'lib/partner/quotes.ts',
  create: 'lib/partner/create-order.ts',
  cancel: 'lib/partner/cancel-order.ts',
  search: 'lib/partner/search-order.ts',
};
const sqs = (inputs: string[]) => inputs.some((path) => path.includes('@aws-sdk/client-sqs/'));

describe('what each bundle carries', () => {
  it.each([
    ['partner-hotel-rooms', 'quotes', false],
    ['partner-room-availability', 'quotes', false],
    ['partner-search-order', 'search', false],
    ['partner-create-order', 'create', true],
    ['partner-cancel-order', 'cancel', true],
  ] as const)('%s carries only its method (%s), with the SQS client: %s', async (name, own, owesWork) => {
    const inputs = await bundled(name);
    for (const [method, file] of Object.entries(METHOD_FILES)) expect(inputs.includes(file), file).toBe(method === own);
    expect(sqs(inputs)).toBe(owesWork);
  });

  it('the guest data retention run carries no SQS client: erasing owes no work', async () => {
    expect(sqs(await bundled('guest-data-retention'))).toBe(false);
  });

  it('the single address carries every method', async () => {
    const inputs = await bundled('partner');
    for (const file of Object.values(METHOD_FILES)) expect(inputs).toContain(file);
    expect(sqs(inputs)).toBe(true);
  });
});
