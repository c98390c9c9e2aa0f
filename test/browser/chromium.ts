/** Screenshots and page errors for the browser tests (Chromium itself starts in local/chromium.ts). */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export { launchChromium } from '../../local/chromium.js';

/**
 * Where the tests keep their screenshots: docs/console with UPDATE_SCREENSHOTS=1 (the pictures the docs
 * show), a temporary folder otherwise.
 */
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(import.meta.dirname, '../../docs/console')
    : join(tmpdir(), 'channel-hub-console-shots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Every error the page logged or threw, so a test can require none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
