import { afterEach, describe, expect, it, vi } from 'vitest';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('counters as EMF', () => {
  it('publishes each split line at once, and the totals with the function', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.resetModules();
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { Counter, count, metrics } = await import('../../lib/observability/logger.js');

    count(Counter.Rejected, { name: 'errorCode', value: '40001' });
    count(Counter.Rejected, { name: 'errorCode', value: '40001' });
    count(Counter.Rejected, { name: 'errorCode', value: '40101' });
    count(Counter.Received);
    metrics.publishStoredMetrics();

    const emf = lines.map((line) => JSON.parse(line) as Emf);
    const split = emf.filter((line) => line.errorCode !== undefined);
    expect(split.map((line) => [line.errorCode, line.Rejected])).toEqual([
      ['40001', 1],
      ['40001', 1],
      ['40101', 1],
    ]);
    for (const line of split) {
      expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'errorCode']]);
      expect(line._aws.CloudWatchMetrics[0]?.Namespace).toBe('ChannelHub');
    }
    const totals = emf.filter((line) => line.errorCode === undefined);
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ service: 'channel-hub', Rejected: [1, 1, 1], Received: 1 });
    expect(totals[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });
});
