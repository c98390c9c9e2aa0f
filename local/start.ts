/**
 * `npm start`: the local stack on PORT. Unless DOUYIN_BASE_URL / AX_BASE_URL are set, fake Douyin and AX
 * servers start on loopback too, so the worker has partners to talk to and no traffic leaves the machine.
 */
import { ConfigError, parseConfig } from '../lib/config/config.js';
import { ChannelHubError } from '../lib/errors.js';
import { checkJava } from './dynamodb-local.js';
import { FakeAx } from './fakes/fake-ax.js';
import { FakeDouyin } from './fakes/fake-douyin.js';
import { endpointsFile } from './ops/endpoints.js';
import { startLocalStack } from './stack.js';

async function main(): Promise<void> {
  // Before anything starts, so a machine without Java, or a setting that is wrong, gets one line and
  // nothing else: the user's own settings, before the fakes fill in theirs.
  checkJava();
  const own = parseConfig(process.env);
  const env: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  if (!process.env.DOUYIN_BASE_URL?.trim()) {
    const douyin = await new FakeDouyin(
      own.douyin.clientKey ?? 'local-client-key',
      own.douyin.clientSecret ?? 'local-client-secret',
    ).listen();
    Object.assign(env, {
      DOUYIN_BASE_URL: douyin.url,
      DOUYIN_CLIENT_KEY: douyin.clientKey,
      DOUYIN_CLIENT_SECRET: douyin.clientSecret,
      // The fake answers the order query for any account, so `ops reconcile` works with no settings.
      DOUYIN_ACCOUNT_ID: own.douyin.accountId ?? 'local-account',
    });
    // The fake needs a secret for its tokens; without one of the user's, inbound signatures stay off (SPEC §2):
    // the fake's own default secret is known to anyone, so it never verifies a request.
    if (own.douyin.clientSecret === undefined) env.DOUYIN_SIGNATURE = 'off';
    stops.push(() => douyin.stop());
    console.log(`fake Douyin on ${douyin.url}`);
  }
  if (!process.env.AX_BASE_URL?.trim()) {
    const ax = await new FakeAx(own.ax.apiKey ?? 'local-ax-key').listen();
    Object.assign(env, { AX_BASE_URL: ax.url, AX_API_KEY: ax.apiKey });
    stops.push(() => ax.stop());
    console.log(`fake AX Cloud on ${ax.url}`);
  }
  parseConfig({ ...process.env, ...env });
  const stack = await startLocalStack({ env, endpointsFile: endpointsFile(process.env.DATA_DIR) });
  const config = parseConfig(process.env);
  if (config.douyin.signature === 'off') {
    console.warn('warning: DOUYIN_SIGNATURE is off (no DOUYIN_CLIENT_SECRET set): Douyin requests are not verified');
  }
  console.log(
    `Channel Hub listening on ${stack.url} (GET /health)${config.dataDir ? `, data in ${config.dataDir}` : ', data in memory'}`,
  );
  if (stack.cognito !== undefined) {
    const { cognito } = stack;
    console.log(`console on http://localhost:${stack.port}/console/ (user pool on ${cognito.endpoint}); sign in as:`);
    for (const user of cognito.users) {
      console.log(`  ${user.name} (${user.group})${cognito.generated ? `, password ${user.password}` : ''}`);
    }
  }
  const shutdown = async () => {
    await stack.stop();
    for (const stop of stops) await stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  // Ours is one line saying what to fix; anything else is a fault worth its stack trace.
  if (!(error instanceof ChannelHubError)) console.error(error);
  else console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error.message);
  process.exit(1);
});
