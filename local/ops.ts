/**
 * `npm run ops -- <command>`: the on-call tool (the commands are lib/ops). Against the running local stack
 * by default, its stopped data with DATA_DIR (opened here, which is why this entry lives in local/), or a
 * deployed stack with `--stack NAME`.
 */
import './quiet.js';
import { ChannelHubError } from '../lib/errors.js';
import {
  catalogLoad,
  failed,
  inventorySet,
  inventoryShow,
  linkAx,
  OpsError,
  redrive,
  retry,
  scrub,
  show,
  unmatched,
} from '../lib/ops/commands.js';
import { reconcileCommand } from '../lib/ops/reconcile-command.js';
import { runningLocalStack, useDeployedStack, useLocalEndpoints } from '../lib/ops/target.js';
import { startLocalStack } from './stack.js';

const USAGE = `usage: npm run ops -- [--stack NAME] <command>
  show <order_id|order_ext_id>          an order's state, owed work, every attempt and request
  failed                                work that gave up
  unmatched [yyyy-mm-dd]                requests that matched no order (UTC day, today by default)
  retry <order_ext_id>                  owe an order's failed work again
  redrive                               move the DLQ back to the work queue
  link-ax <order_ext_id> <ax_order_code> attach an AX order made elsewhere
  catalog load <file>                   validate a catalog and load it into the table
  scrub                                 erase the guest data due now (PII_RETENTION_DAYS after check-out)
  inventory show <spuExtId> <from> <to> allotment, held and available per night (yyyy-mm-dd, to exclusive)
  inventory set <spuExtId> <from> <to> <rooms> [--force]  change the allotment of those nights
  reconcile [--from <ISO time> --to <ISO time>]  compare Douyin's orders in the window (default: the scheduled one) with ours`;

/** A command: its arguments, and where to say how it is going on a long run. */
type Command = (args: string[], progress: (line: string) => void) => Promise<string[]>;

function exactly(count: number, run: (...args: string[]) => Promise<string[]>): Command {
  return (args) => {
    if (args.length !== count)
      throw new OpsError(`expected ${count} argument${count === 1 ? '' : 's'}, got ${args.length}\n${USAGE}`);
    return run(...args);
  };
}

const COMMANDS: Record<string, Command> = {
  show: exactly(1, show),
  failed: exactly(0, failed),
  unmatched: (args) => {
    if (args.length > 1) throw new OpsError(`expected at most 1 argument, got ${args.length}\n${USAGE}`);
    return unmatched(args[0]);
  },
  retry: exactly(1, retry),
  redrive: (args, progress) => {
    if (args.length !== 0) throw new OpsError(`expected 0 arguments, got ${args.length}\n${USAGE}`);
    return redrive(progress);
  },
  'link-ax': exactly(2, linkAx),
  scrub: exactly(0, scrub),
  inventory: (args) => {
    const [action, spuExtId = '', from = '', to = '', ...rest] = args;
    if (action === 'show' && args.length === 4) return inventoryShow(spuExtId, from, to);
    const force = rest.includes('--force');
    const rooms = rest.filter((arg) => arg !== '--force');
    if (action === 'set' && rooms.length === 1) return inventorySet(spuExtId, from, to, rooms[0] as string, force);
    throw new OpsError(
      `expected: inventory show <spuExtId> <from> <to>, or inventory set <spuExtId> <from> <to> <rooms> [--force]\n${USAGE}`,
    );
  },
  catalog: (args) => {
    if (args[0] !== 'load' || args.length !== 2) throw new OpsError(`expected: catalog load <file>\n${USAGE}`);
    return catalogLoad(args[1] as string);
  },
  reconcile: (args) => reconcileCommand(args),
};

/** Runs one command line; returns the process exit code. */
export async function runOps(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const args = [...argv];
  const stackAt = args.indexOf('--stack');
  const stackName = stackAt >= 0 ? args.splice(stackAt, 2)[1] : undefined;
  const [name, ...rest] = args;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    print(name === undefined ? USAGE : `unknown command ${name}\n${USAGE}`);
    return 1;
  }
  let stopLocal: (() => Promise<void>) | undefined;
  try {
    if (stackName !== undefined) {
      await useDeployedStack(stackName);
    } else {
      const running = runningLocalStack();
      if (running !== undefined) useLocalEndpoints(running);
      else if (process.env.DATA_DIR) {
        // No stack is running on this DATA_DIR: open its data here (no worker, no sweeper).
        const stack = await startLocalStack({ port: 0, worker: false, sweepIntervalMs: 0, retentionIntervalMs: 0 });
        stopLocal = () => stack.stop();
      } else {
        throw new OpsError('no local stack is running: start one with npm start, set DATA_DIR, or pass --stack NAME');
      }
    }
    for (const line of await command(rest, print)) print(line);
    return 0;
  } catch (error) {
    if (error instanceof ChannelHubError) {
      print(`error: ${error.message}`);
      return 1;
    }
    // Not the operator's mistake, but still one line: what failed and where to look. OPS_DEBUG=1 shows the trace.
    const cause = error as Error;
    print(`error: ${cause.name}: ${cause.message} (OPS_DEBUG=1 for the stack trace)`);
    if (process.env.OPS_DEBUG === '1') print(cause.stack ?? '');
    return 2;
  } finally {
    await stopLocal?.();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runOps(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
