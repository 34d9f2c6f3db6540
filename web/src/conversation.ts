import type { ChatResponse, HistoryMessage } from "./api-types.js";

/** The server accepts at most this many prior messages. */
export const maxHistoryMessages = 20;

/** One question and, once it has arrived, its answer. */
export interface Turn {
  question: string;
  response: ChatResponse | null;
}

/**
 * The turns of the current conversation. Only answered turns go back to the
 * server as history: a question whose answer failed would leave the model a
 * user message with no reply and skew the follow-up.
 */
export class Conversation {
  private readonly turns: Turn[] = [];
  /** The server's id for this conversation once its first answer is stored. */
  id: string | null = null;

  /** Records a question; returns its turn so the answer can be attached later. */
  ask(question: string): Turn {
    const turn: Turn = { question, response: null };
    this.turns.push(turn);
    return turn;
  }

  /** Attaches an answer to its turn. */
  answer(turn: Turn, response: ChatResponse): void {
    turn.response = response;
  }

  /** Forgets everything (the 新对话 button). */
  clear(): void {
    this.turns.length = 0;
    this.id = null;
  }

  /** The number of turns asked so far, answered or not. */
  get length(): number {
    return this.turns.length;
  }

  /**
   * The prior messages to send with the next question: answered turns only,
   * oldest first, trimmed from the front to the server's limit so that a
   * user message is never separated from its answer.
   */
  history(): HistoryMessage[] {
    const messages: HistoryMessage[] = [];
    for (const turn of this.turns) {
      if (!turn.response) continue;
      messages.push({ role: "user", content: turn.question }, { role: "assistant", content: turn.response.answer });
    }
    // Messages come in pairs and the limit is even, so the cut never splits a pair.
    return messages.slice(-maxHistoryMessages);
  }
}
