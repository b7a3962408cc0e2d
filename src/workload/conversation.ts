// A conversation's turns ready to send, and one run of it: each turn's body carries the earlier turns and the server's answers.
import { HISTORY_SLOT } from './request-body.js';
import type { BodyPiece, Conversation, PreparedRequest, SessionTag } from './prepared-request.js';
import { jsonStringBytes } from '../util/json-string-bytes.js';

const COMMA = Buffer.from(',');

/**
 * One run of a conversation. Turn n's request is the turn's own body with the history put in its place: every earlier
 * turn's message (the same pieces, so an earlier image is the same bytes) and, after each, the server's answer to it as
 * an assistant message, exactly the text it sent. A turn that failed, or whose answer was empty, leaves no assistant
 * message, and the conversation goes on (as aiperf's does): the next turn then carries two messages of the turn's role
 * in a row.
 */
export class ConversationRun {
  private readonly history: BodyPiece[] = [];
  private historyBytes = 0;
  private readonly historyTexts: string[] = [];
  private readonly historyImages: BodyPiece[] = [];
  private readonly historyImageIds: number[] = [];
  /** Prompt tokens the history adds by Qwen3-VL's arithmetic (earlier messages, answers by the server's count); null once unknown. */
  private historyTokens: number | null = 0;

  constructor(readonly conversation: Conversation, readonly correlationId: string) {}

  /** Turn `index`'s request as it goes now, tagged with its session. */
  request(index: number): PreparedRequest {
    const turn = this.conversation.turns[index]!;
    const alone = turn.request;
    const session: SessionTag = { conversationId: this.conversation.id, turnIndex: index, correlationId: this.correlationId, turnCount: this.conversation.turns.length };
    if (this.history.length === 0) return { ...alone, session };
    const at = alone.body.indexOf(HISTORY_SLOT);
    const before = alone.promptTexts.length - turn.texts.length;
    return {
      ...alone,
      body: [...alone.body.slice(0, at), ...this.history, ...alone.body.slice(at + 1)],
      bodyBytes: alone.bodyBytes + this.historyBytes,
      promptTexts: [...alone.promptTexts.slice(0, before), ...this.historyTexts, ...turn.texts],
      images: [...this.historyImages, ...alone.images],
      imageIds: [...this.historyImageIds, ...alone.imageIds],
      expectedIsl: alone.expectedIsl === null || this.historyTokens === null ? null : alone.expectedIsl + this.historyTokens,
      session,
    };
  }

  /**
   * Turn `index` is done: its message, and its answer when it has one, join the history of the turns after it.
   * `answerTokens`: the answer's length in tokens as the server counted it (its usage), for the later turns' expected ISL.
   */
  answered(index: number, answer: string | null, answerTokens: number | null = null): void {
    if (!this.conversation.withHistory) return;
    const turn = this.conversation.turns[index]!;
    this.add(...turn.message, COMMA);
    this.historyTexts.push(...turn.texts);
    this.historyImages.push(...turn.request.images);
    this.historyImageIds.push(...turn.request.imageIds);
    this.addTokens(turn.messageTokens);
    if (answer === null || answer === '') return;
    this.add(Buffer.from(`{"role":"assistant","content":"`), jsonStringBytes(answer), Buffer.from('"},'));
    this.historyTexts.push(answer);
    // An assistant message: <|im_start|>assistant\n, the answer, <|im_end|>\n.
    this.addTokens(answerTokens === null ? null : 5 + answerTokens);
  }

  private addTokens(tokens: number | null): void {
    this.historyTokens = this.historyTokens === null || tokens === null ? null : this.historyTokens + tokens;
  }

  private add(...pieces: BodyPiece[]): void {
    for (const piece of pieces) {
      this.history.push(piece);
      this.historyBytes += piece.length;
    }
  }
}
