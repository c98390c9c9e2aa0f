import { defineConfig } from 'vitest/config';

/**
 * Four projects: `unit` (the domain, the handlers and the worker on the in-memory stores: no DynamoDB Local,
 * no Java), `int` (the local stack on one shared DynamoDB Local and fauxqs, fake partners on loopback) and
 * `browser` (the console in Debian's Chromium on the local stack) and `infra` (CDK assertions on the
 * synthesized template). `npm test` runs all four.
 */
export default defineConfig({
  test: {
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    },
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // Raised with the channel registry (the whole run: 94.2 / 85.8 / 96.2 / 95.7); raise them, never lower them.
      thresholds: { statements: 94, branches: 85, functions: 96, lines: 95 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup/memory-stores.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/dynamodb-local.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/dynamodb-local.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
