/**
 * The chaos soak's Douyin, run as its own process so its work does not share the stack's event loop: the
 * soak's commits (a third sent twice at once, 40% cancelled while their AX create may be in flight) and a
 * hot room's sale, each call sent again after a second on `100` or a broken connection, as Douyin does.
 * argv: <stack url> <orders> <hot guests> <concurrency> <id prefix> <hot night>. Prints one JSON line.
 */
import { night } from '../calendar.js';
import { benchCommit, signedPost } from './bench-stack.js';

const [url = '', ordersText = '240', hotText = '40', concurrencyText = '20', prefix = '84', hotNight = night(75)] =
  process.argv.slice(2);
const [orders, hotGuests, concurrency] = [Number(ordersText), Number(hotText), Number(concurrencyText)];
type Reply = { error_code: number; order_ext_id?: string };
const chance = (percent: number) => Math.random() * 100 < percent;

const latencies: number[] = [];
let retried = 0;
/** One call as Douyin makes it: sent again after a second on 100 or a broken connection, 12 tries at most. */
async function post(route: string, body: unknown): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const reply = await signedPost(`${url}/poi/ext/hotel/order/${route}`, body)
      .then((response) => response.json() as Promise<Reply>)
      .catch(() => ({ error_code: 100 }));
    latencies.push(performance.now() - started);
    if (reply.error_code !== 100 || attempt === 12) return reply;
    retried += 1;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const problems: string[] = [];
const answered: [string, string][] = [];
const cancelled: string[] = [];
const hot: string[] = [];
const stamp = String(Date.now()).slice(-8);
let next = 0;

async function soak(): Promise<void> {
  while (next < orders) {
    next += 1;
    const id = `${prefix}${stamp}${String(next).padStart(8, '0')}`;
    const body = benchCommit(id, { spu_ext_id: 'RT-STD-KING', total_price: 100000 });
    const replies = await Promise.all(Array.from({ length: chance(30) ? 2 : 1 }, () => post('commit', body)));
    const orderExtId = replies.find((reply) => reply.order_ext_id !== undefined)?.order_ext_id;
    if (replies.some((reply) => reply.error_code !== 0) || orderExtId === undefined) {
      problems.push(`${id}: commit answered ${JSON.stringify(replies)}`);
      continue;
    }
    if (new Set(replies.map((reply) => reply.order_ext_id)).size > 1)
      problems.push(`${id}: two order_ext_ids ${JSON.stringify(replies)}`);
    answered.push([id, orderExtId]);
    if (!chance(40)) continue;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 800));
    const reply = await post('cancel', {
      supplier_ext_id: 'SUP-SEL-001',
      order_id: id,
      order_ext_id: orderExtId,
      order_status: 1,
    });
    if (reply.error_code === 0) cancelled.push(id);
    else problems.push(`${id}: cancel answered ${JSON.stringify(reply)}`);
  }
}

async function hotSale(): Promise<void> {
  const checkOut = new Date(
    Date.UTC(Number(hotNight.slice(0, 4)), Number(hotNight.slice(4, 6)) - 1, Number(hotNight.slice(6)) + 1),
  );
  await Promise.all(
    Array.from({ length: hotGuests }, async (_, index) => {
      const id = `${prefix}9${stamp}${String(index).padStart(7, '0')}`;
      const body = {
        ...benchCommit(id),
        spu_ext_id: 'RT-FAM-SUITE',
        check_in: hotNight,
        check_out: checkOut.toISOString().slice(0, 10).replaceAll('-', ''),
        total_price: 98800,
      };
      const reply = await post('commit', body);
      if (reply.error_code === 0 && reply.order_ext_id !== undefined) {
        hot.push(id);
        answered.push([id, reply.order_ext_id]);
      } else problems.push(`${id}: hot commit answered ${JSON.stringify(reply)}`);
    }),
  );
}

const started = performance.now();
await Promise.all([...Array.from({ length: concurrency }, soak), hotSale()]);
console.log(JSON.stringify({ answered, cancelled, hot, problems, latencies, retried, sentMs: performance.now() - started }));
