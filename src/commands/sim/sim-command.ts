// `mmload sim`: runs the Qwen3-VL server simulator until SIGINT/SIGTERM, printing one "listening" line.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../util/exit-codes.js';
import { resolveSimOptions, SIM_DEFAULTS as D, type SimOptions } from '../../sim/sim-options.js';
import type { RunningSim } from '../../sim/sim-server.js';

/** Where the simulator listens, what it serves and where it traces. */
function serverFlags<T>(yargs: Argv<T>) {
  return yargs
    .option('host', { type: 'string', default: D.host, group: 'Server:', describe: 'Address to listen on (loopback by default)' })
    .option('port', { type: 'number', default: D.port, group: 'Server:', describe: 'Port to listen on; 0 picks a free one' })
    .option('model', { alias: 'm', type: 'string', default: D.model, group: 'Server:', describe: 'Served model name; requests naming another get a 404' })
    .option('trace', { type: 'string', group: 'Server:', describe: 'Write one JSON line per chat request (ids, token times, cache hits) to this file' });
}

/** The engine model: batch, caches, seed, speed. */
function engineFlags<T>(yargs: Argv<T>) {
  return yargs
    .option('seed', { type: 'number', default: D.seed, group: 'Engine:', describe: 'Seed of stop lengths and faults' })
    .option('max-num-seqs', { type: 'number', default: D.maxNumSeqs, group: 'Engine:', describe: 'Requests in the running batch at most' })
    .option('embedding-cache-gb', { type: 'number', default: D.embeddingCacheGb, group: 'Engine:', describe: 'Vision embedding cache in GB (10^9 bytes), LRU on decoded pixels; 0 disables it' })
    .option('prefix-caching', { type: 'boolean', default: D.prefixCaching, group: 'Engine:', describe: 'Cache prompts\' KV blocks, as vLLM\'s prefix caching (--no-prefix-caching turns it off)' })
    .option('speed', { type: 'number', default: D.speed, group: 'Engine:', describe: 'Run every time X times faster (engine steps, stalls, slow reads)' });
}

/** A fault's share of requests or streams (0..1). */
const share = (value: number, describe: string) => ({ type: 'number', default: value, group: 'Faults:', describe }) as const;

/** Injected faults, each a share of requests or streams. */
function faultFlags<T>(yargs: Argv<T>) {
  return yargs
    .options({
      'fail-rate': share(D.failRate, 'Share of requests answered 500 or 503'),
      'reject-rate': share(D.rejectRate, 'Share of requests answered 429'),
      'reset-rate': share(D.resetRate, 'Share of streams whose connection is dropped midway'),
      'stall-rate': share(D.stallRate, 'Share of streams that pause --stall-ms before or between tokens'),
      'malformed-rate': share(D.malformedRate, 'Share of streams that send a broken SSE event and end'),
    })
    .option('stall-ms', { type: 'number', default: D.stallMs, group: 'Faults:', describe: 'Length of a stall (at --speed 1)' })
    .option('slow-read', { type: 'boolean', default: D.slowRead, group: 'Faults:', describe: 'Read request bodies slowly (a pause after every chunk)' });
}

/** Answers to MLPerf Q3VL product-catalogue requests. */
function answerFlags<T>(yargs: Argv<T>) {
  return yargs
    .option('mlperf-answer-accuracy', {
      type: 'number', group: 'MLPerf Q3VL answers:',
      describe: 'Answer product-catalogue requests with a JSON object whose category is the true one (the candidate whose last level the title names) '
        + 'with probability P (0..1), else half the time a sibling, half the time the parent; other requests as usual. Per sample of true depth d: '
        + 'truth I=P=T=d, sibling I=d-1 P=T=d, parent I=P=d-1 T=d, unparsable I=0 P=T=d (see docs/sim.md)',
    })
    .option('mlperf-unparsable-rate', { type: 'number', default: D.mlperfUnparsableRate, group: 'MLPerf Q3VL answers:', describe: 'With --mlperf-answer-accuracy: share of catalogue answers the scorer cannot parse (fenced, cut short, or inside a sentence)' });
}

function simFlags<T>(yargs: Argv<T>) {
  return answerFlags(faultFlags(engineFlags(serverFlags(yargs))));
}

type SimFlags = ReturnType<typeof simFlags<object>> extends Argv<infer U> ? U : never;

export const simCommand: CommandModule<object, SimFlags> = {
  command: 'sim',
  describe: 'Run a simulated Qwen3-VL server (vLLM-like engine timing, embedding cache, faults) until Ctrl-C',
  builder: (yargs) => simFlags(yargs),
  handler: async (flags) => {
    let options: SimOptions;
    try {
      options = resolveSimOptions({
        host: flags.host, port: flags.port, model: flags.model, seed: flags.seed, maxNumSeqs: flags.maxNumSeqs,
        embeddingCacheGb: flags.embeddingCacheGb, prefixCaching: flags.prefixCaching, speed: flags.speed,
        failRate: flags.failRate, rejectRate: flags.rejectRate, resetRate: flags.resetRate, stallMs: flags.stallMs,
        stallRate: flags.stallRate, malformedRate: flags.malformedRate, slowRead: flags.slowRead, trace: flags.trace ?? null,
        mlperfAnswerAccuracy: flags.mlperfAnswerAccuracy, mlperfUnparsableRate: flags.mlperfUnparsableRate,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { startSim } = await import('../../sim/sim-server.js');
    let sim: RunningSim;
    try {
      sim = await startSim(options);
    } catch (err) {
      throw new UsageError(`cannot start the simulator on ${options.host}:${options.port}: ${(err as Error).message}`);
    }
    process.stdout.write(`mmload sim listening on ${sim.url} (model ${options.model})\n`);
    await untilSignal();
    await sim.close();
  },
};

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
