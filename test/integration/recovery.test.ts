import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useWorkQueue, workQueue } from '../../lib/queue/work-queue.js';
import { FakeAx } from '../../local/fakes/fake-ax.js';
import { FakeDouyin } from '../../local/fakes/fake-douyin.js';
import { CLIENT_KEY, CLIENT_SECRET, commitBody, douyinPost, queueIdle, startHarness, waitFor } from './harness.js';

// The queue send fails while `dropSends` is set: a crash between the DynamoDB write and the SQS send.
const queue = { dropSends: false };
const sqsQueue = workQueue();
useWorkQueue({
  send: async (messages) => {
    if (queue.dropSends) throw new Error('simulated crash before the send');
    return sqsQueue.send(messages);
  },
  sendToDeadLetter: (message, reason) => sqsQueue.sendToDeadLetter(message, reason),
  retryIn: (receipt, seconds) => sqsQueue.retryIn(receipt, seconds),
});

describe('nothing owed is lost', () => {
  it('delivers work whose message was never sent, through the sweeper', async () => {
    const harness = await startHarness();
    try {
      queue.dropSends = true;
      const body = commitBody({ status: 1 });
      const reply = await douyinPost(harness.stack, 'commit', body);
      expect(reply.error_code).toBe(0);
      queue.dropSends = false;
      const sentAt = Date.now();
      // Nothing carries the work: the queue is empty, so Douyin cannot have been told.
      await queueIdle(harness.stack);
      expect(harness.douyin.acceptedStatus(body.order_id)).toBeUndefined();
      // The sweeper takes work once it is overdue by SWEEP_GRACE_SECONDS (1 s here).
      await waitFor(() => Date.now() > sentAt + 1_100, 5_000, 'the sweep grace to pass');

      const swept = await harness.stack.sweep();

      expect(swept).toEqual({ orders: 1, enqueued: 1 });
      await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'Douyin status');
      expect(await harness.stack.sweep()).toEqual({ orders: 0, enqueued: 0 });
    } finally {
      queue.dropSends = false;
      await harness.stop();
    }
  });
});

describe('kill -9 of npm start and a restart with DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-hub-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // The same Node as the tests (22, from the node devDependency), with tsx as its loader.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    await waitFor(
      () => output.includes('listening on') || (child.exitCode !== null && Promise.reject(new Error(output))),
      20_000,
      'the local stack to start',
    );
    return { child, url: `http://127.0.0.1:${port}` };
  }

  it('still delivers a confirmation that was in flight when the process died', async () => {
    const douyin = await new FakeDouyin(CLIENT_KEY, CLIENT_SECRET).listen();
    const ax = await new FakeAx().listen();
    const env = {
      DOUYIN_BASE_URL: douyin.url,
      DOUYIN_CLIENT_KEY: CLIENT_KEY,
      DOUYIN_CLIENT_SECRET: CLIENT_SECRET,
      DOUYIN_SIGNATURE: 'off',
      AX_BASE_URL: ax.url,
      AX_API_KEY: ax.apiKey,
      SWEEP_GRACE_SECONDS: '1',
    };
    try {
      // Prepare: Douyin answers slowly, so the status call is in flight when the process is killed.
      douyin.failNext('status', { delayMs: 4_000, thenNormal: true });
      const first = await startChild(env);
      const body = commitBody({ status: 1 });
      const committed = await fetch(`${first.url}/poi/ext/hotel/order/commit`, {
        method: 'POST',
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ error_code: number; order_ext_id: string }>);
      expect(committed.error_code).toBe(0);
      await waitFor(() => douyin.callsOf('status') >= 1, 10_000, 'the status call to be in flight');

      // Act
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      expect(douyin.acceptedStatus(body.order_id)).toBeUndefined();
      const second = await startChild(env);

      // Assess: the order survived and its confirmation is delivered after the restart.
      await waitFor(() => douyin.acceptedStatus(body.order_id) === 0, 20_000, 'Douyin status after restart');
      const again = await fetch(`${second.url}/poi/ext/hotel/order/commit`, { method: 'POST', body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<{ order_ext_id: string }>,
      );
      expect(again.order_ext_id).toBe(committed.order_ext_id);
    } finally {
      await douyin.stop();
      await ax.stop();
    }
  }, 60_000);
});
