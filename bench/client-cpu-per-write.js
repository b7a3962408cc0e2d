// Client CPU per token when the server writes one SSE event per socket write: mmload's chat client beside two floors.
// Usage: node bench/client-cpu-per-write.js   (needs `npm run build`)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { median, quantile, realtimeAllowed, scheduled, startServer } from './lib.js';

const CLIENT = fileURLToPath(new URL('fixtures/per-write-client.js', import.meta.url));
const CLIENTS = ['mmload', 'undici-floor', 'socket-floor'];
const TARGET = 'mmload CPU per token <= 1.05x the undici floor';

/** One client (fixtures/per-write-client.js) in a fresh process; resolves with what it printed. */
async function runClient(job, realtime) {
  const [command, ...argv] = scheduled([process.execPath, CLIENT, JSON.stringify(job)], realtime);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${job.client} exited with ${code}:\n${stderr.slice(-2000)}`);
  return JSON.parse(stdout);
}

/**
 * Real servers at real concurrency send each token's event in a write of its own, so every token costs a client a
 * read: its event loop turn, HTTP parsing and callbacks, and the kernel's read and wake-up. The fixture server (its
 * own process, not counted) paces tokens `itlMs` apart on `concurrency` streams; each client runs the same job in a
 * fresh process per round, the clients taking turns so drift hits all alike, and reports its CPU (user + system, all
 * threads) from its first timed send to its last response, per token received; the median of `rounds`.
 * The floors: undici's dispatch API with a handler that only counts bytes (what any undici client pays at least), and
 * a raw net.Socket that writes the request and counts bytes (what any Node client pays at least). Server and clients
 * run under SCHED_FIFO where allowed: each event then wakes its client at once, as on a load generator with cores of
 * its own, instead of other work on this machine holding a client up until several events wait in one read (reads
 * per token, shown, tell whether that happened).
 */
export async function clientCpuPerWrite({ concurrency = 64, itlMs = 2, requests = 128, outputTokens = 512, rounds = 11, realtime = realtimeAllowed } = {}) {
  // The server above the clients: it keeps its pace whatever a client does, so its events stay one per write.
  const server = await startServer({ model: 'bench', keepLog: false, ttftMs: 0, itlMs }, undefined, { realtime, priority: 2 });
  const runs = Object.fromEntries(CLIENTS.map((client) => [client, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next client, so that none always runs first (or right after a given one).
      for (let k = 0; k < CLIENTS.length; k++) {
        const client = CLIENTS[(round + k) % CLIENTS.length];
        runs[client].push(await runClient({ client, url: server.url, concurrency, requests, outputTokens }, realtime));
      }
    }
  } finally {
    await server.stop();
  }
  const cpu = (r) => (r.userUs + r.systemUs) / r.tokens;
  const perToken = (client, of = cpu) => median(runs[client].map(of));
  const [mmload, undici, socket] = CLIENTS.map((client) => perToken(client));
  // Each round's mmload run against the undici floor's run of the same round, the median of those: drift cancels.
  const ratios = runs.mmload.map((r, i) => cpu(r) / cpu(runs['undici-floor'][i]));
  const ratio = median(ratios);
  return {
    name: `client CPU, one event per write (concurrency ${concurrency}, tokens ${itlMs} ms apart, median of ${rounds})`,
    mmload_us_per_token: mmload,
    undici_floor_us_per_token: undici,
    socket_floor_us_per_token: socket,
    ratio_to_undici_floor: ratio,
    // The middle half of the rounds' ratios: how far this machine's noise moves one round.
    ratio_quartiles: `${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}`,
    // What a default run (client-side token counts, as aiperf's) spends besides, per token, on its counting thread:
    // the bundled Qwen3 tokenizer counting the replies' texts; nothing with --use-server-token-count.
    mmload_token_counting_us_per_token: perToken('mmload', (r) => r.countingUs / r.countedTokens),
    mmload_system_us_per_token: perToken('mmload', (r) => r.systemUs / r.tokens),
    undici_floor_system_us_per_token: perToken('undici-floor', (r) => r.systemUs / r.tokens),
    socket_floor_system_us_per_token: perToken('socket-floor', (r) => r.systemUs / r.tokens),
    // Socket reads per token: about 1 when every event came in a read of its own (the regime measured), less when
    // reads held several.
    mmload_reads_per_token: perToken('mmload', (r) => r.reads / r.tokens),
    undici_floor_reads_per_token: perToken('undici-floor', (r) => r.reads / r.tokens),
    socket_floor_reads_per_token: perToken('socket-floor', (r) => r.reads / r.tokens),
    all_rounds_us_per_token: CLIENTS.map((client) => `${client} ${runs[client].map((r) => cpu(r).toFixed(2)).join(' ')}`).join('; '),
    points: `${requests} requests × ${outputTokens} tokens per client per round, after one warm-up request per connection`,
    scheduling: realtime ? 'SCHED_FIFO: server chrt -f 2, clients chrt -f 1' : 'normal',
    targets: TARGET,
    pass: ratio <= 1.05,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await clientCpuPerWrite());
