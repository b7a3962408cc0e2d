// `mmload sim` in-process: an OpenAI-compatible Qwen3-VL server simulator (engine model, caches, faults, trace).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { QWEN3_VL_30B_A3B_H100 } from './engine-constants.js';
import { EngineCore } from './engine-core.js';
import { EngineLoop } from './engine-loop.js';
import { sendError } from './faults.js';
import { ImageProbe } from './image-probe.js';
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
    embeddingCacheBytes: Math.floor(options.embeddingCacheGb * 1e9),
    prefixCaching: options.prefixCaching,
  });
  const loop = new EngineLoop(core, options.speed);
  const prompts = new PromptCounter(await loadTokenizer(), new ImageProbe());
  const trace = options.trace === null ? null : await TraceWriter.open(options.trace);
  const metrics = new SimMetrics(options.model, core);
  const sim: SimContext = { options, engine, loop, prompts, metrics, trace, sequence: 0 };
  const models = JSON.stringify({
    object: 'list',
    data: [{ id: options.model, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'mmload-sim', root: options.model, parent: null, max_model_len: engine.maxModelLen }],
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(req, res, sim);
    req.resume();
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(models);
    } else if (req.method === 'GET' && path === '/health') {
      res.writeHead(200).end();
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics.render());
    } else {
      sendError(res, 404, `no route for ${req.method} ${path}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (err) {
    await trace?.close();
    throw err;
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      loop.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await trace?.close();
    },
  };
}
