/**
 * `ops reconcile [--from <ISO time> --to <ISO time>]`: one reconciliation, printed; the scheduled window
 * when none is given. Against the local stack it runs here, with that stack's settings (its fake Douyin
 * included); against a deployed stack it invokes the reconciler Lambda with the window, so Douyin's
 * credentials stay in the stack.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type ReconcileReport, reconcile, scheduledWindow } from '../../lib/reconcile/reconcile.js';
import { OpsError } from './commands.js';

function time(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new OpsError(`${flag} needs an ISO time, e.g. ${flag} 2026-11-21T00:00:00Z`);
  return ms;
}

/** The deployed reconciler's answer to `{from, to}`. */
async function invokeReconciler(functionName: string, window: { from: number; to: number }): Promise<ReconcileReport> {
  const client = new LambdaClient({});
  try {
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: JSON.stringify({ from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() }),
      }),
    );
    const payload = JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8') || 'null') as
      | (ReconcileReport & { skipped?: string; errorMessage?: string })
      | null;
    if (answer.FunctionError !== undefined)
      throw new OpsError(`the reconciler failed: ${payload?.errorMessage ?? answer.FunctionError}`);
    if (payload?.skipped !== undefined) throw new OpsError(`the reconciler did not run: ${payload.skipped}`);
    if (payload === null) throw new OpsError('the reconciler answered nothing');
    return payload;
  } catch (error) {
    if (error instanceof OpsError) throw error;
    throw new OpsError(`cannot invoke ${functionName}: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
}

export async function reconcileCommand(flags: { from?: string; to?: string }): Promise<string[]> {
  const from = time(flags.from, '--from');
  const to = time(flags.to, '--to');
  if ((from === undefined) !== (to === undefined))
    throw new OpsError('give both --from and --to, or neither (the scheduled window)');
  const window = from === undefined || to === undefined ? scheduledWindow() : { from, to };
  if (window.to <= window.from) throw new OpsError('--to must be after --from');
  let report: ReconcileReport;
  if (process.env.OPS_TARGET !== 'deployed') report = await reconcile(window);
  else {
    const reconciler = process.env.RECONCILER_FUNCTION;
    if (!reconciler) throw new OpsError('the stack has no output ReconcilerFunctionName: deploy this version of Channel Hub');
    report = await invokeReconciler(reconciler, window);
  }
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
