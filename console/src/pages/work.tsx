/**
 * Work needing a person (SPEC §10): failed work and AX creates in doubt, oldest first, and the DLQ; the
 * `operator` group acts on them (retry, recreate-ax, link-ax, redrive), each after a confirmation. The
 * server checks the group again: the buttons are only what the page offers.
 */
import { useState } from 'preact/hooks';
import { api, can } from '../api.js';
import { time } from '../format.js';
import { ConfirmButton, Problems, useAction, useLoad, useShell } from '../ui.js';

interface Stuck {
  channel: string;
  orderId: string;
  orderExtId: string;
  workId: string;
  type: string;
  state: 'failed' | 'in-doubt';
  attempts: number;
  lastError?: string;
  since: string;
}

function LinkAx({ order, act }: { order: string; act: (action: string, body: unknown, what: string) => void }) {
  const [code, setCode] = useState('');
  return (
    <span>
      <input
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
        placeholder="AX order code"
        aria-label="AX order code"
        size={14}
      />{' '}
      <ConfirmButton
        label="Link"
        question={`Link AX order ${code} to ${order}?`}
        disabled={code.trim() === ''}
        onConfirm={() => act('link-ax', { order, axOrderCode: code.trim() }, `Linked AX order ${code.trim()} to ${order}.`)}
      />
    </span>
  );
}

export function WorkPage() {
  const { session } = useShell();
  const work = useLoad(() => api<{ work: Stuck[]; dlq: number | null }>('GET', '/admin/work'), 'work');
  const action = useAction();
  const [done, setDone] = useState<string | undefined>();
  const operator = can.actOnWork(session);
  const act = (name: string, body: unknown, what: string) =>
    void action.run(
      () => api<Record<string, unknown>>('POST', `/admin/work/${name}`, body),
      (answer) => {
        setDone(
          name === 'redrive' ? `Moved ${(answer.moved as unknown[]).length} of ${String(answer.waiting)} from the DLQ.` : what,
        );
        work.reload();
      },
    );
  return (
    <div>
      <h1>Work needing a person</h1>
      {operator ? null : <p class="muted">Your account can see this work; an operator acts on it.</p>}
      <Problems error={work.error ?? action.error} />
      {done === undefined ? null : (
        <p class="done" role="status">
          {done}
        </p>
      )}
      <table class="list" aria-label="work needing a person">
        <thead>
          <tr>
            <th>since</th>
            <th>order</th>
            <th>work</th>
            <th>state</th>
            <th>attempts</th>
            <th>last error</th>
            {operator ? <th>action</th> : null}
          </tr>
        </thead>
        <tbody>
          {work.data?.work.map((item) => (
            <tr key={`${item.orderExtId}-${item.workId}`} data-order={item.orderExtId}>
              <td>{time(item.since)}</td>
              <td>
                <a href={`#/orders/${encodeURIComponent(item.orderExtId)}`}>{item.orderId}</a>
                <div class="muted">
                  {item.channel} · {item.orderExtId}
                </div>
              </td>
              <td>{item.workId}</td>
              <td>{item.state === 'in-doubt' ? 'in doubt: look up its channel_order_id in AX' : 'failed'}</td>
              <td>{item.attempts}</td>
              <td>{item.lastError ?? ''}</td>
              {operator ? (
                <td>
                  {item.state === 'failed' ? (
                    <ConfirmButton
                      label="Retry"
                      question={`Retry the failed work of ${item.orderExtId}?`}
                      onConfirm={() =>
                        act('retry', { order: item.orderExtId }, `Retrying the failed work of ${item.orderExtId}.`)
                      }
                    />
                  ) : (
                    <>
                      <ConfirmButton
                        label="Create again in AX"
                        question={`AX has no order for ${item.orderExtId}? Create it again?`}
                        onConfirm={() =>
                          act('recreate-ax', { order: item.orderExtId }, `Sending the AX create of ${item.orderExtId} again.`)
                        }
                      />{' '}
                      <LinkAx order={item.orderExtId} act={act} />
                    </>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {work.data !== undefined && work.data.work.length === 0 ? <p class="muted">Nothing needs a person.</p> : null}
      <h2>Dead-letter queue</h2>
      <p>
        {work.data?.dlq === null || work.data === undefined ? 'not known here' : `${work.data.dlq} message(s)`}{' '}
        {operator && (work.data?.dlq ?? 0) > 0 ? (
          <ConfirmButton
            label="Redrive"
            question="Move every message in the DLQ back to the work queue?"
            onConfirm={() => act('redrive', {}, '')}
          />
        ) : null}
      </p>
    </div>
  );
}
