// Multi-turn sessions (aiperf's conversations): each session's turns in order, each after the previous reply and its think time.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { ConversationRun } from '../workload/conversation.js';
import type { Conversation } from '../workload/prepared-request.js';
import { Alarm } from './alarm.js';
import type { Executor, Phase, PhasePlan, PhaseResult, SendFn } from './executor.js';
import { Pacer } from './pacer.js';

export interface SessionExecutorOptions {
  /** Sessions in flight at most (--concurrency): a session holds its place from its first turn's send to its last turn's reply, think time included. */
  readonly sessions: number;
  /**
   * Open loop (--request-rate): offsets in ms from the phase start at which a turn may go, as aiperf paces every turn:
   * each one goes to a session's next turn waiting for it, else to a new session. Undefined: closed loop, each turn
   * going as soon as its think time is over.
   */
  readonly offsets?: () => Iterator<number>;
}

/**
 * Runs the plan's conversations as sessions, in order and starting over at the first when more are started than there
 * are (as aiperf samples them); each run of a conversation is a session of its own, with its own X-Correlation-ID.
 * Issuing stops at the plan's turn count (even in the middle of a session, as aiperf's --request-count does), its
 * session count (sessions already started finish), or its duration. A turn that fails does not end its session.
 */
export class SessionExecutor implements Executor {
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly pacer = new Pacer();
  private gate: TurnGate | null = null;

  constructor(private readonly options: SessionExecutorOptions) {
    const { sessions } = options;
    if (!(sessions === Infinity && options.offsets !== undefined) && !(Number.isInteger(sessions) && sessions >= 1)) {
      throw new RangeError(`sessions in flight must be an integer >= 1 (Infinity only in open loop; got ${sessions})`);
    }
  }

  async run(plan: PhasePlan, phase: Phase, send: SendFn): Promise<PhaseResult> {
    const conversations = plan.conversations ?? [];
    if (conversations.length === 0) throw new Error('a session run needs at least one conversation');
    const turnBudget = plan.count ?? Infinity;
    const sessionBudget = plan.sessions ?? Infinity;
    const deadline = plan.durationMs === undefined ? Infinity : performance.now() + plan.durationMs;
    let issued = 0;
    let started = 0;
    const open = (): boolean => !this.stopped && issued < turnBudget && performance.now() < deadline;
    const gate = this.options.offsets === undefined ? null : new TurnGate(this.options.offsets(), this.pacer, deadline);

    /** One session: its turns in order; `due` is the time the first one was meant to go (open loop), else null. */
    const session = async (conversation: Conversation, firstDue: number | null): Promise<void> => {
      const run = new ConversationRun(conversation, randomUUID());
      for (let k = 0; k < conversation.turns.length; k++) {
        let due = k === 0 ? firstDue : null;
        const delayMs = conversation.turns[k]!.delayMs;
        if (k > 0 && delayMs > 0) {
          due = performance.now() + delayMs;
          await this.thinkUntil(due);
        }
        if (k > 0 && gate !== null) {
          const granted = await gate.next();
          if (granted === undefined) return;
          due = granted;
        }
        if (!open()) return;
        issued++;
        const record = await send(run.request(k), phase, due);
        run.answered(k, record.error === null ? record.contentText : null, record.usage?.completionTokens ?? null);
      }
    };
    const canStart = (): boolean => open() && started < sessionBudget;
    if (gate === null) {
      const lane = async (): Promise<void> => {
        while (canStart()) await session(conversations[started++ % conversations.length]!, null);
      };
      await Promise.all(Array.from({ length: Math.min(this.options.sessions, sessionBudget) }, lane));
    } else {
      // The gate gives each tick to a waiting turn first; a tick nobody waits for starts a new session when there is room.
      this.gate = gate;
      const running = new Set<Promise<void>>();
      for (;;) {
        const due = await gate.tick(() => canStart() && running.size < this.options.sessions, () => running.size === 0 && !canStart());
        if (due === undefined || !canStart()) break;
        const task = session(conversations[started++ % conversations.length]!, due).finally(() => {
          running.delete(task);
          gate.wake();
        });
        running.add(task);
      }
      gate.close();
      await Promise.all(running);
      this.gate = null;
    }
    return { issued, stopped: this.stopped };
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    this.pacer.cancel();
    this.gate?.close();
  }

  /**
   * Waits until `dueMs` (a think time's end), never less (a timer may fire a little early on the monotonic clock: the
   * rest is waited one loop turn at a time), or until stop().
   */
  private async thinkUntil(dueMs: number): Promise<void> {
    await sleep(dueMs - performance.now(), undefined, { signal: this.stopping.signal }).catch(() => undefined);
    while (!this.stopped && performance.now() < dueMs) await nextTurn();
  }
}

/**
 * The open loop's ticks: each one goes to the turn that has waited longest for one, else (through tick()) to a new
 * session. A turn's due time is its tick's, or its own ready time when it was ready after its tick passed unused.
 */
class TurnGate {
  private readonly waiting: ((due: number | undefined) => void)[] = [];
  private readonly changed = new Alarm();
  private closed = false;
  private readonly start = performance.now();

  constructor(private readonly offsets: Iterator<number>, private readonly pacer: Pacer, private readonly deadline: number) {}

  /**
   * A session's next turn, ready now, asks for a tick: resolves with its due time (its tick's, or now when it became
   * ready after its tick had passed unused), or undefined when issuing is over.
   */
  next(): Promise<number | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const readyMs = performance.now();
    return new Promise((resolve) => {
      this.waiting.push((tickMs) => resolve(tickMs === undefined ? undefined : Math.max(tickMs, readyMs)));
      this.changed.ring();
    });
  }

  /**
   * Waits for the next tick and hands it to a waiting turn; repeats until a tick finds none waiting and `roomForNew()`,
   * then resolves with that tick's due time for a new session. Undefined: the ticks or the time are over, the gate
   * closed, or nothing is left (`finished()` with no turn waiting).
   */
  async tick(roomForNew: () => boolean, finished: () => boolean): Promise<number | undefined> {
    for (;;) {
      const next = this.offsets.next();
      if (next.done === true) return undefined;
      const due = this.start + next.value;
      if (due >= this.deadline) return undefined;
      await this.pacer.until(due);
      while (this.waiting.length === 0 && !roomForNew()) {
        if (this.closed || finished() || performance.now() >= this.deadline) return undefined;
        await this.changed.wait(this.deadline - performance.now());
      }
      if (this.closed) return undefined;
      const turn = this.waiting.shift();
      if (turn === undefined) return due;
      turn(due);
    }
  }

  /** A session ended: the tick waiting for room looks again. */
  wake(): void {
    this.changed.ring();
  }

  /** Issuing is over: every turn still waiting gets undefined. */
  close(): void {
    this.closed = true;
    for (const turn of this.waiting.splice(0)) turn(undefined);
    this.changed.ring();
  }
}
