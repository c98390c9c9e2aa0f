/**
 * Benchmark h: the console (issue 29's figures). The grid of a hotel of 10 room types × 3 rate plans over 30
 * nights, loaded 20 times in Debian's Chromium on the local stack (after one warm-up), from navigation to the
 * last room type's rows on screen; and the app's size, raw and gzipped. The stack, its Cognito stand-in and
 * the browser share the machine's two cores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole, consoleSize } from '../../console/assets.js';
import { day } from '../calendar.js';
import { launchChromium } from '../chromium.js';
import { catalogOfPlans, HOTEL } from './ari.js';
import { withBenchStack } from './bench-stack.js';
import { percentile, table } from './stats.js';

const LOADS = 20;

export function consoleBenchmark(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-bench-console-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogOfPlans()));
  return withBenchStack(
    { console: true, env: { CATALOG_FILE: file, CONSOLE_USERS: 'bench:viewer:Bench-pass-1!' } },
    async ({ stack }) => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`${stack.url}/console/`);
        await page.fill('input[name=username]', 'bench');
        await page.fill('input[name=password]', 'Bench-pass-1!');
        await page.click('form[aria-label="sign in"] button[type=submit]');
        await page.locator('.who').waitFor();
        const url = `${stack.url}/console/#/grid?hotel=${HOTEL}&from=${day(30)}`;
        const last = `tbody[data-room-type="RT-B-9"] tr[data-plan="BB"][data-row="closed"] td[data-night="${day(59)}"]`;
        const load = async () => {
          await page.goto('about:blank');
          const started = performance.now();
          await page.goto(url);
          await page.locator(last).waitFor();
          return performance.now() - started;
        };
        await load();
        const times: number[] = [];
        for (let i = 0; i < LOADS; i++) times.push(await load());
        const cells = await page.locator('table.grid td').count();
        const size = consoleSize(buildConsole());
        return [
          `h. the console: the grid of 10 room types × 3 rate plans × 30 nights (${cells} cells), ${LOADS} loads in Chromium`,
          table(
            ['p50 ms', 'p95 ms', 'max ms', 'app bytes', 'app gzipped'],
            [
              [
                Math.round(percentile(times, 50)),
                Math.round(percentile(times, 95)),
                Math.round(Math.max(...times)),
                size.bytes,
                size.gzipBytes,
              ],
            ],
          ),
        ].join('\n');
      } finally {
        await browser.close();
      }
    },
  );
}
