/**
 * `npm run ops -- <command>`: the on-call tool (the commands are local/ops). Against the running local stack
 * by default, its stopped data with DATA_DIR (opened here, which is why this entry lives in local/), or a
 * deployed stack with `--stack NAME`.
 */
import './quiet.js';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ChannelHubError } from '../lib/errors.js';
import { ariHistory, ariSet, ariShow } from './ops/ari.js';
import {
  cancelDecision,
  catalogLoad,
  failed,
  inventorySet,
  inventoryShow,
  linkAx,
  OpsError,
  ratesSet,
  ratesShow,
  recreateAx,
  redrive,
  reindex,
  retry,
  scrub,
  show,
  stay,
  unmatched,
} from './ops/commands.js';
import { reconcileCommand } from './ops/reconcile-command.js';
import { runningLocalStack, useDeployedStack, useLocalEndpoints } from './ops/target.js';
import { startLocalStack } from './stack.js';

const USAGE = `usage: npm run ops -- [--stack NAME] <command>
  show <order_id|TaoBaoOrderId|order_ext_id>  an order's state, owed work, every attempt and request
  failed                                work that gave up, and AX creates in doubt
  unmatched [yyyy-mm-dd]                requests that matched no order (UTC day, today by default)
  retry <order_ext_id>                  owe an order's failed work again
  redrive                               move the DLQ back to the work queue
  link-ax <order_ext_id> <ax_order_code> attach an AX order made elsewhere (resolves an AX create in doubt)
  recreate-ax <order_ext_id>            send an AX create in doubt again, once AX's console shows no order for it
  catalog load <file> [--reset-ari]     validate a catalog and load it into the table (its prices and rules are defaults;
                                        --reset-ari also clears every night's override)
  stay <id> checked-in|no-show|checked-out  record the stay; Douyin's calendar room is told
  cancel-decision <id> <cancel_id> accept|refuse [reason]  decide a cancel left to the hotel (DOUYIN_HOTEL_CANCEL_AUDIT=manual)
  reindex                               put orders written before the console's arrival index into it (once, after upgrading)
  scrub                                 erase the guest data due now (PII_RETENTION_DAYS after check-out)
  inventory show <spuExtId> <from> <to> allotment, held and available per night (yyyy-mm-dd, to exclusive)
  inventory set <spuExtId> <from> <to> <rooms> [--force]  change the allotment of those nights
  ari show <roomType> <from> <to>       every rate plan's prices per channel and rules, and the allotment, per night
  ari set <roomType> <ratePlan|-> <from> <to> <field=value>… [--days fri,sat] [--force]  change ARI as the API does
  ari history <roomType> <from> <to> [--plan CODE]  who changed what, newest first
  rates show <spuExtId> <from> <to>     each night's price in fen and where it comes from
  rates set <spuExtId> <from> <to> <fen>  the price of those nights for every channel (to exclusive)
  reconcile [--from <ISO time> --to <ISO time>]  compare Douyin's orders in the window (default: the scheduled one) with ours`;

/** The flags any command may take; each command reads the ones it knows. */
const FLAGS = {
  stack: { type: 'string' },
  force: { type: 'boolean' },
  days: { type: 'string' },
  'reset-ari': { type: 'boolean' },
  plan: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;
type Flags = { force?: boolean; from?: string; to?: string; days?: string; plan?: string; 'reset-ari'?: boolean };

/** A command: its positional arguments and flags, and where to say how it is going on a long run. */
type Command = (args: string[], flags: Flags, progress: (line: string) => void) => Promise<string[]>;

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
  redrive: (args, _flags, progress) => {
    if (args.length !== 0) throw new OpsError(`expected 0 arguments, got ${args.length}\n${USAGE}`);
    return redrive(progress);
  },
  'link-ax': exactly(2, linkAx),
  'recreate-ax': exactly(1, recreateAx),
  scrub: exactly(0, scrub),
  reindex: exactly(0, reindex),
  stay: exactly(2, stay),
  'cancel-decision': (args) => {
    const [id, cancelId, decision, ...reason] = args;
    if (id === undefined || cancelId === undefined || decision === undefined) {
      throw new OpsError(`expected: cancel-decision <id> <cancel_id> accept|refuse [reason]\n${USAGE}`);
    }
    return cancelDecision(id, cancelId, decision, reason);
  },
  inventory: (args, flags) => {
    const [action, spuExtId = '', from = '', to = '', rooms] = args;
    if (action === 'show' && args.length === 4) return inventoryShow(spuExtId, from, to);
    if (action === 'set' && args.length === 5 && rooms !== undefined)
      return inventorySet(spuExtId, from, to, rooms, flags.force === true);
    throw new OpsError(
      `expected: inventory show <spuExtId> <from> <to>, or inventory set <spuExtId> <from> <to> <rooms> [--force]\n${USAGE}`,
    );
  },
  rates: (args) => {
    const [action, spuExtId = '', from = '', to = '', fen] = args;
    if (action === 'show' && args.length === 4) return ratesShow(spuExtId, from, to);
    if (action === 'set' && args.length === 5 && fen !== undefined) return ratesSet(spuExtId, from, to, fen);
    throw new OpsError(`expected: rates show <spuExtId> <from> <to>, or rates set <spuExtId> <from> <to> <fen>\n${USAGE}`);
  },
  ari: (args, flags) => {
    const [action, ...rest] = args;
    if (action === 'show' && rest.length === 3) return ariShow(rest[0] as string, rest[1] as string, rest[2] as string);
    if (action === 'set') return ariSet(rest, flags);
    if (action === 'history' && rest.length === 3)
      return ariHistory(rest[0] as string, rest[1] as string, rest[2] as string, flags.plan);
    throw new OpsError(`expected: ari show|set|history …\n${USAGE}`);
  },
  catalog: (args, flags) => {
    if (args[0] !== 'load' || args.length !== 2) throw new OpsError(`expected: catalog load <file> [--reset-ari]\n${USAGE}`);
    return catalogLoad(args[1] as string, { resetAri: flags['reset-ari'] === true });
  },
  reconcile: (args, flags) => {
    if (args.length !== 0) throw new OpsError(`expected no arguments beside --from and --to\n${USAGE}`);
    return reconcileCommand(flags);
  },
};

/** A negative number is an argument (a price, a count) for the command to judge, not a flag. */
const NEGATIVE = /^-\d/;
const HIDDEN = '\u0000';

/** The command line read by node:util's parseArgs; a flag it does not know is the operator's mistake. */
function readArgs(argv: string[]): { name?: string; args: string[]; flags: Flags & { stack?: string } } {
  try {
    const hidden = argv.map((arg) => (NEGATIVE.test(arg) ? `${HIDDEN}${arg}` : arg));
    const { values, positionals } = parseArgs({ args: hidden, options: FLAGS, allowPositionals: true, strict: true });
    const [name, ...args] = positionals.map((arg) => (arg.startsWith(HIDDEN) ? arg.slice(HIDDEN.length) : arg));
    return { name, args, flags: values };
  } catch (error) {
    throw new OpsError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Runs one command line; returns the process exit code. */
export async function runOps(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  let line: ReturnType<typeof readArgs>;
  try {
    line = readArgs(argv);
  } catch (error) {
    print(`error: ${(error as Error).message}`);
    return 1;
  }
  const { name, args, flags } = line;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    print(name === undefined ? USAGE : `unknown command ${name}\n${USAGE}`);
    return 1;
  }
  let stopLocal: (() => Promise<void>) | undefined;
  try {
    if (flags.stack !== undefined) {
      await useDeployedStack(flags.stack);
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
    for (const output of await command(args, flags, print)) print(output);
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

// The main-module check by URL, so a project path with a space or non-ASCII characters still runs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runOps(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
