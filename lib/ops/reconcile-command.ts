/** `ops reconcile --from <ISO time> --to <ISO time>`: one reconciliation, printed. */
import { reconcile } from '../reconcile/reconcile.js';
import { OpsError } from './commands.js';

function time(args: string[], flag: string): number {
  const at = args.indexOf(flag);
  const value = at < 0 ? undefined : args[at + 1];
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(ms)) throw new OpsError(`${flag} needs an ISO time, e.g. ${flag} 2026-11-21T00:00:00Z`);
  return ms;
}

export async function reconcileCommand(args: string[]): Promise<string[]> {
  const from = time(args, '--from');
  const to = time(args, '--to');
  if (to <= from) throw new OpsError('--to must be after --from');
  const report = await reconcile({ from, to });
  return [
    `reconciled ${report.checked} Douyin orders of POIs ${report.pois.join(', ') || '(none in the catalog)'} from ${report.from} to ${report.to}`,
    ...report.drift.map((drift) =>
      drift.kind === 'missing'
        ? `drift: Douyin has ${drift.orderId} (status ${drift.douyinStatus}) and we do not`
        : `drift: ${drift.orderId} is ${drift.ours} here and ${drift.expected} on Douyin (status ${drift.douyinStatus})`,
    ),
    ...report.unmapped.map(
      (entry) => `unmapped Douyin status ${entry.douyinStatus} on ${entry.orderId} (see DOUYIN_BOOK_STATUS)`,
    ),
    report.drift.length === 0 ? 'no drift' : `${report.drift.length} drifted`,
  ];
}
