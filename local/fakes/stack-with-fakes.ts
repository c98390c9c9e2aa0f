/** The local stack wired to a fake Douyin and a fake AX on loopback, signatures required: for tests and benchmarks. */
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../stack.js';
import { FakeAx } from './fake-ax.js';
import { FakeDouyin } from './fake-douyin.js';

export interface StackWithFakes {
  stack: LocalStack;
  douyin: FakeDouyin;
  ax: FakeAx;
  stop(): Promise<void>;
}

/**
 * @example const { stack, douyin, stop } = await startStackWithFakes({ clientKey: 'ck', clientSecret: 's' })
 */
export async function startStackWithFakes(
  options: LocalStackOptions & { clientKey: string; clientSecret: string },
): Promise<StackWithFakes> {
  const { clientKey, clientSecret, ...stackOptions } = options;
  const douyin = await new FakeDouyin(clientKey, clientSecret).listen();
  const ax = await new FakeAx().listen();
  const stack = await startLocalStack({
    port: 0,
    sweepIntervalMs: 0,
    retentionIntervalMs: 0,
    ...stackOptions,
    env: {
      DOUYIN_BASE_URL: douyin.url,
      DOUYIN_CLIENT_KEY: clientKey,
      DOUYIN_CLIENT_SECRET: clientSecret,
      DOUYIN_SIGNATURE: 'required',
      AX_BASE_URL: ax.url,
      AX_API_KEY: ax.apiKey,
      ...stackOptions.env,
    },
  });
  return {
    stack,
    douyin,
    ax,
    async stop() {
      await stack.stop();
      await douyin.stop();
      await ax.stop();
    },
  };
}
