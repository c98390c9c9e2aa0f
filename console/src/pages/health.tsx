/** Channel health (SPEC §10): each channel's last call and the last hour, the work it is owed, the DLQ and drift. */
import { api } from '../api.js';
import { time } from '../format.js';
import { Problems, useLoad } from '../ui.js';

interface Health {
  at: string;
  channels: {
    channel: string;
    lastCall: { at: string; outcome: string; code: string } | null;
    lastHour: { calls: number; rejected: number; failed: number };
    owed: number;
    ariPushesOwed: number;
    oldestOwedSeconds: number | null;
    needsPerson: number;
  }[];
  dlq: number | null;
  reconciliation: { at: string; checked: number | null; drift: number | null; unmapped: number | null } | null;
}

const age = (seconds: number | null) =>
  seconds === null
    ? '–'
    : seconds < 120
      ? `${seconds} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds / 3600)} h`;

export function HealthPage() {
  const health = useLoad(() => api<Health>('GET', '/admin/health'), 'health');
  const data = health.data;
  return (
    <div>
      <h1>
        Channels{' '}
        <button type="button" onClick={health.reload}>
          Refresh
        </button>
      </h1>
      <Problems error={health.error} />
      <table class="list" aria-label="channel health">
        <thead>
          <tr>
            <th>channel</th>
            <th>last call</th>
            <th>calls, last hour</th>
            <th>refused</th>
            <th>failed (ours)</th>
            <th>work owed</th>
            <th>oldest owed</th>
            <th>needs a person</th>
          </tr>
        </thead>
        <tbody>
          {data?.channels.map((one) => (
            <tr key={one.channel} class={one.lastHour.failed > 0 || one.needsPerson > 0 ? 'attention' : ''}>
              <td>{one.channel}</td>
              <td>
                {one.lastCall === null ? 'never' : `${time(one.lastCall.at)} · ${one.lastCall.outcome} (${one.lastCall.code})`}
              </td>
              <td>{one.lastHour.calls}</td>
              <td>{one.lastHour.rejected}</td>
              <td>{one.lastHour.failed}</td>
              <td>
                {one.owed}
                {one.ariPushesOwed > 0 ? <span class="muted"> ({one.ariPushesOwed} ARI pushes)</span> : null}
              </td>
              <td>{age(one.oldestOwedSeconds)}</td>
              <td>{one.needsPerson}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data === undefined ? null : (
        <dl class="facts">
          <dt>dead-letter queue</dt>
          <dd>{data.dlq === null ? 'not known here' : `${data.dlq} message(s)`}</dd>
          <dt>last reconciliation</dt>
          <dd>
            {data.reconciliation === null
              ? 'none yet'
              : `${time(data.reconciliation.at)}: ${data.reconciliation.checked ?? '?'} checked, ${data.reconciliation.drift ?? '?'} drifted, ${data.reconciliation.unmapped ?? '?'} unmapped`}
          </dd>
          <dt>as of</dt>
          <dd>{time(data.at)}</dd>
        </dl>
      )}
    </div>
  );
}
