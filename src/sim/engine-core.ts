// The simulated engine in virtual time: continuous batching and chunked prefill, with its caches (engine-caches.ts).
import { EngineCaches, type CacheName, type EngineCounters } from './engine-caches.js';
import type { EngineConstants } from '../model/engine-constants.js';
import type { EngineJob } from './engine-job.js';

/** A submitted job, and what the caches did for it once it was scheduled. */
export interface EngineTicket {
  readonly job: EngineJob;
  state: 'waiting' | 'running' | 'done' | 'aborted';
  /** Per image: true for an embedding-cache hit (filled when the job is first scheduled). */
  readonly imageHits: boolean[];
  prefixHitTokens: number;
  /** Prompt tokens still to prefill. */
  prefillLeft: number;
  /** Prompt tokens prefilled in the step in progress; 0 when the step decodes one token. */
  chunk: number;
  generated: number;
}

export interface EngineSettings {
  readonly maxNumSeqs: number;
  /** 0 disables the embedding cache. */
  readonly embeddingCacheBytes: number;
  readonly prefixCaching: boolean;
}

export class EngineCore {
  private readonly waiting: EngineTicket[] = [];
  private readonly running: EngineTicket[] = [];
  private readonly scheduled: EngineTicket[] = [];
  private readonly caches: EngineCaches;

  constructor(private readonly engine: EngineConstants, private readonly settings: EngineSettings) {
    this.caches = new EngineCaches(engine, settings.embeddingCacheBytes, settings.prefixCaching);
  }

  get counters(): EngineCounters {
    return this.caches.counters;
  }

  /** Empties the prefix or the multimodal cache (between the points of a sweep, say). */
  resetCache(cache: CacheName): void {
    this.caches.reset(cache);
  }

  get runningCount(): number {
    return this.running.length;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  submit(job: EngineJob): EngineTicket {
    const ticket: EngineTicket = { job, state: 'waiting', imageHits: [], prefixHitTokens: 0, prefillLeft: job.promptTokens, chunk: 0, generated: 0 };
    this.waiting.push(ticket);
    return ticket;
  }

  /** Takes the job out of the engine: it gets no more tokens and frees its slot. */
  abort(ticket: EngineTicket): void {
    if (ticket.state === 'done' || ticket.state === 'aborted') return;
    const queue = ticket.state === 'waiting' ? this.waiting : this.running;
    queue.splice(queue.indexOf(ticket), 1);
    ticket.state = 'aborted';
  }

  /**
   * Plans the next step as vLLM's scheduler does: running jobs first (a prefill chunk or one decode
   * token each), then waiting jobs while seats and the token budget last. Returns the step's cost in
   * ms, or null when there is nothing to run.
   */
  schedule(): number | null {
    const { engine } = this;
    let budget = engine.maxNumBatchedTokens;
    let prefill = 0;
    let decode = 0;
    let encode = 0;
    this.scheduled.length = 0;
    for (const ticket of this.running) {
      if (budget === 0) break;
      ticket.chunk = Math.min(ticket.prefillLeft, budget);
      if (ticket.chunk === 0) decode++;
      prefill += ticket.chunk;
      budget -= Math.max(1, ticket.chunk);
      this.scheduled.push(ticket);
    }
    while (this.waiting.length > 0 && this.running.length < this.settings.maxNumSeqs && budget > 0) {
      const ticket = this.waiting.shift()!;
      ticket.state = 'running';
      const { prefixHitTokens, encodeTokens } = this.caches.lookUp(ticket.job, ticket.imageHits);
      ticket.prefixHitTokens = prefixHitTokens;
      ticket.prefillLeft -= prefixHitTokens;
      encode += encodeTokens;
      ticket.chunk = Math.min(ticket.prefillLeft, budget);
      prefill += ticket.chunk;
      budget -= ticket.chunk;
      this.running.push(ticket);
      this.scheduled.push(ticket);
    }
    if (this.scheduled.length === 0) return null;
    return engine.stepBaseMs + (prefill * engine.prefillUsPerToken + encode * engine.encoderUsPerImageToken + decode * engine.decodeUsPerSeq) / 1000;
  }

  /** Ends the step: every scheduled job still running advances, gets its token if due, and leaves when done. */
  commit(): void {
    let finished = 0;
    for (const ticket of this.scheduled) {
      if (ticket.state !== 'running') continue;
      if (ticket.chunk > 0) {
        ticket.prefillLeft -= ticket.chunk;
        if (ticket.prefillLeft > 0) continue;
        this.caches.prefilled(ticket.job);
      }
      ticket.generated++;
      if (ticket.generated === ticket.job.outputTokens) {
        ticket.state = 'done';
        this.caches.finished(ticket.job);
        finished++;
      }
      ticket.job.emit(ticket.generated);
    }
    this.scheduled.length = 0;
    if (finished > 0) this.removeFinished();
  }

  private removeFinished(): void {
    let kept = 0;
    for (const ticket of this.running) if (ticket.state === 'running') this.running[kept++] = ticket;
    this.running.length = kept;
  }
}
