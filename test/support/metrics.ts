/** The EMF lines a test's handlers publish, read back from stdout (unit and integration tests alike). */
import { vi } from 'vitest';

/**
 * Captures the EMF lines written to stdout (start it with POWERTOOLS_METRICS_DISABLED=false set before the
 * logger loads). `counted` sums a metric over the lines whose dimensions match; `clear` starts afresh.
 */
export function captureMetrics(): { counted(metric: string, dimensions?: Record<string, string>): number; clear(): void } {
  let output = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  return {
    counted(metric, dimensions = {}) {
      return output
        .split('\n')
        .filter((line) => line.startsWith('{"_aws"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => Object.entries(dimensions).every(([name, value]) => line[name] === value))
        .reduce((sum, line) => sum + [line[metric] ?? 0].flat().reduce<number>((total, value) => total + Number(value), 0), 0);
    },
    clear() {
      output = '';
    },
  };
}
