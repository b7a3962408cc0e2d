// One chat request through the simulator: read (slowly, if asked), validate, count, answer, fault, engine, reply, trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRandom, deriveSeed } from '../util/seeded-random.js';
import type { EngineConstants } from '../model/engine-constants.js';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { answerTokenTexts } from './answer-tokens.js';
import { answerCatalogue, type CatalogueAnswer } from './catalogue-answer.js';
import { readCatalogueRequest } from './catalogue-request.js';
import type { EngineLoop } from './engine-loop.js';
import type { EngineTicket } from './engine-core.js';
import { epochNow } from '../util/epoch-now.js';
import { sendError } from './faults.js';
import { blockHashes, type ImageSpan } from './kv-blocks.js';
import { PromptError, type PromptCounter, type PromptPlan } from './prompt-plan.js';
import { pickFault } from './sim-faults.js';
import type { SimMetrics } from './sim-metrics.js';
import type { SimOptions } from './sim-options.js';
import { replyText, SimReply } from './sim-reply.js';
import { parseBody, planOutput, readBody, readSimRequest } from './sim-request.js';
import type { TraceRecord, TraceWriter } from './sim-trace.js';

/** What every request shares. */
export interface SimContext {
  readonly options: SimOptions;
  readonly engine: EngineConstants;
  readonly loop: EngineLoop;
  readonly prompts: PromptCounter;
  /** Counts and splits catalogue answers (--mlperf-answer-accuracy). */
  readonly tokenizer: TokenCounter;
  readonly metrics: SimMetrics;
  readonly trace: TraceWriter | null;
  /** Chat requests seen so far: the next one's sequence number. */
  sequence: number;
}

/** With --slow-read, the pause after each chunk of a request body, at --speed 1. */
export const SLOW_READ_PAUSE_MS = 50;

export function handleChat(req: IncomingMessage, res: ServerResponse, sim: SimContext): void {
  const id = req.headers['x-request-id'];
  const record: TraceRecord = {
    x_request_id: typeof id === 'string' ? id : null, sequence: sim.sequence++, arrival_epoch_ms: epochNow(), received_epoch_ms: null,
    status: null, fault: null, prompt_tokens: null, output_tokens: null, finish_reason: null, prefix_cache_hit_tokens: 0, images: [], token_epoch_ms: [],
    mlperf_answer: null,
  };
  let ticket: EngineTicket | null = null;
  res.on('close', () => {
    if (ticket !== null) {
      sim.loop.abort(ticket);
      record.prefix_cache_hit_tokens = ticket.prefixHitTokens;
      record.images.forEach((image, i) => (image.cache = ticket!.imageHits[i] === undefined ? null : ticket!.imageHits[i] ? 'hit' : 'miss'));
    }
    if (res.headersSent) record.status = res.statusCode;
    sim.trace?.write(record);
  });
  serve(req, res, sim, record, (t) => (ticket = t)).catch((err: Error) => {
    if (res.headersSent) res.destroy();
    else sendError(res, 500, `simulator error: ${err.message}`);
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, sim: SimContext, record: TraceRecord, started: (t: EngineTicket) => void): Promise<void> {
  const { options, engine } = sim;
  const raw = await readBody(req, options.slowRead ? SLOW_READ_PAUSE_MS / options.speed : 0);
  const receivedMs = performance.now();
  record.received_epoch_ms = performance.timeOrigin + receivedMs;
  const body = parseBody(raw, res);
  if (body === undefined) return;
  const request = readSimRequest(body);
  if (typeof request === 'string') return sendError(res, 400, request);
  if (request.model !== null && request.model !== options.model) return sendError(res, 404, `The model \`${request.model}\` does not exist.`);
  let plan: PromptPlan;
  try {
    plan = await sim.prompts.plan(request.messages);
  } catch (err) {
    if (err instanceof PromptError) return sendError(res, 400, err.message);
    throw err;
  }
  record.prompt_tokens = plan.promptTokens;
  record.images = plan.images.map(({ width, height, tokens }) => ({ width, height, tokens, cache: null }));
  const answer = catalogueAnswer(request.messages, options);
  const tokenTexts = answer === null ? undefined : answerTokenTexts(sim.tokenizer, answer.text);
  if (answer !== null) record.mlperf_answer = { kind: answer.kind, truth: answer.truth, truth_known: answer.truthKnown, category: answer.category };
  const random = createRandom(deriveSeed(options.seed, record.sequence));
  const output = planOutput(request, plan.promptTokens, engine, random, tokenTexts?.length ?? null);
  if (typeof output === 'string') return sendError(res, 400, output);
  record.output_tokens = output.tokens;
  record.finish_reason = output.finishReason;
  const fault = pickFault(random, options, output.tokens);
  record.fault = fault?.kind ?? null;
  if (fault?.kind === 'http') return sendError(res, fault.status, fault.message);
  if (res.destroyed) return;

  const reply = new SimReply(res, {
    id: `chatcmpl-${record.x_request_id ?? record.sequence}`, model: options.model, stream: request.stream, includeUsage: request.includeUsage || !request.stream,
    promptTokens: plan.promptTokens, outputTokens: output.tokens, finishReason: output.finishReason, tokensPerChunk: 1, lineEnding: '\n', eagerRole: false, fault,
    tokenEpochMs: sim.trace === null ? null : record.token_epoch_ms,
    onStruck: () => sim.loop.abort(ticket),
    ...(tokenTexts === undefined ? {} : { tokenTexts }),
  });
  const images = plan.images.map((image) => ({ key: image.pixelKey, tokens: image.tokens, start: image.start }));
  const ticket = sim.loop.submit({
    promptTokens: plan.promptTokens,
    blocks: options.prefixCaching ? kvBlocks(plan, images, replyText(tokenTexts, 0, output.tokens), sim) : [],
    images,
    outputTokens: output.tokens,
    emit: (generated) => {
      if (generated === 1) sim.metrics.firstToken((performance.now() - receivedMs) / 1000);
      if (generated === output.tokens) sim.metrics.finish((performance.now() - receivedMs) / 1000, plan.promptTokens, output.tokens, output.finishReason);
      reply.token(generated);
    },
  });
  started(ticket);
}

/**
 * The block hashes of the prompt and of the reply's tokens after it, as the next turn of a conversation renders them
 * (the reply's text re-tokenized). The last generated token is never computed, so its block is not cached.
 */
function kvBlocks(plan: PromptPlan, images: readonly ImageSpan[], reply: string, sim: SimContext): string[] {
  const replyIds = sim.tokenizer.encode(reply);
  replyIds.length = Math.max(0, replyIds.length - 1);
  return blockHashes(plan.tokenIds.concat(replyIds), images, sim.engine.blockSize);
}

/** With --mlperf-answer-accuracy, the answer to a catalogue request; null for other requests, or without the flag. */
function catalogueAnswer(messages: readonly unknown[], options: SimOptions): CatalogueAnswer | null {
  if (options.mlperfAnswerAccuracy === null) return null;
  const catalogue = readCatalogueRequest(messages);
  if (catalogue === null) return null;
  return answerCatalogue(catalogue, { accuracy: options.mlperfAnswerAccuracy, unparsableRate: options.mlperfUnparsableRate }, options.seed);
}
