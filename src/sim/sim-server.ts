// `mmload sim` in-process: an OpenAI-compatible Qwen3-VL server simulator (engine model, caches, faults, trace).
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { gigabytes, QWEN3_VL_30B_A3B_H100 } from '../model/engine-constants.js';
import { EngineCore } from './engine-core.js';
import { EngineLoop } from './engine-loop.js';
import { closeServer, createRoutedServer, listen } from './http-server.js';
import { ImageProbe } from '../model/image-probe.js';
import { PromptCounter } from './prompt-plan.js';
import { handleChat, type SimContext } from './sim-chat.js';
import { SimMetrics } from './sim-metrics.js';
import { resolveSimOptions, type SimOptions } from './sim-options.js';
import { TraceWriter } from './sim-trace.js';

export interface RunningSim {
  url: string;
  port: number;
  /** Stops listening, ends open connections and the engine, and closes the trace file. */
  close(): Promise<void>;
}

/** Starts the simulator; rejects on invalid options, an unwritable trace file or a port in use. */
export async function startSim(input: Partial<SimOptions>): Promise<RunningSim> {
  const options = resolveSimOptions(input);
  const engine = QWEN3_VL_30B_A3B_H100;
  const core = new EngineCore(engine, {
    maxNumSeqs: options.maxNumSeqs,
    embeddingCacheBytes: gigabytes(options.embeddingCacheGb),
    prefixCaching: options.prefixCaching,
  });
  const loop = new EngineLoop(core, options.speed);
  const tokenizer = await loadTokenizer();
  const prompts = new PromptCounter(tokenizer, new ImageProbe());
  const trace = options.trace === null ? null : await TraceWriter.open(options.trace);
  const metrics = new SimMetrics(options.model, core);
  const sim: SimContext = { options, engine, loop, prompts, tokenizer, metrics, trace, sequence: 0 };
  const models = JSON.stringify({
    object: 'list',
    data: [{ id: options.model, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'mmload-sim', root: options.model, parent: null, max_model_len: engine.maxModelLen }],
  });

  const server = createRoutedServer({
    chat: (req, res) => handleChat(req, res, sim),
    models,
    metrics: () => metrics.render(),
    resetCache: (cache) => core.resetCache(cache),
  });
  const { url, port } = await listen(server, options.port, options.host).catch(async (err: unknown) => {
    await trace?.close();
    throw err;
  });

  return {
    url,
    port,
    close: async () => {
      loop.stop();
      await closeServer(server);
      await trace?.close();
    },
  };
}
