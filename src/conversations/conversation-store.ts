import type { ChatFilters, Citation } from "../answer/chat-schemas.js";

/** How an answer was asked for. */
export type AnswerChannel = "chat" | "stream" | "openai";

/** A rating of one answer. */
export interface Feedback {
  rating: "up" | "down";
  reason: string | null;
  comment: string | null;
  createdAt: Date;
}

/** One answer as it is stored: everything the question log, the gap report and a reopened conversation need. */
export interface StoredAnswer {
  id: string;
  conversationId: string | null;
  /** Null when STORE_QUESTIONS=false. */
  question: string | null;
  /** Null when STORE_QUESTIONS=false (an answer can repeat the question). */
  answer: string | null;
  answerable: boolean;
  /** A refusal that found related clauses: the documents touch the topic but do not settle it. */
  related: boolean;
  citations: Citation[];
  mode: string;
  latencyMs: number;
  filters: ChatFilters | null;
  channel: AnswerChannel;
  /** The API key's name or the console's client id. */
  client: string | null;
  createdAt: Date;
  feedback: Feedback | null;
}

/** An answer to store; its conversation is created on first use. */
export type NewAnswer = Omit<StoredAnswer, "feedback" | "createdAt"> & {
  /** Who may list the conversation (`key:…`, `client:…`), used when it is created. */
  owner: string | null;
};

/** A conversation as the list shows it. */
export interface ConversationSummary {
  id: string;
  owner: string | null;
  /** The first question, shortened; null when questions are not stored. */
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
  answers: number;
}

/** Which stored answers the question log lists. */
export interface AnswerFilter {
  /** true: refusals only; false: answered only. */
  refused?: boolean;
  rating?: "up" | "down";
  /** Answers citing a clause of this document. */
  docId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  mode?: string;
  /** Refusals and 👎 only (the gap report). */
  gapsOnly?: boolean;
}

/** A page of the question log: newest first, continuing after `after` when given. */
export interface AnswerPage {
  limit: number;
  after?: { createdAt: Date; id: string };
}

/** Conversations, their answers and feedback. */
export interface ConversationStore {
  /** The conversation, or null when there is none with that id. */
  findConversation(id: string): Promise<ConversationSummary | null>;
  /** Stores an answer, creating its conversation when it is the first. */
  recordAnswer(answer: NewAnswer): Promise<StoredAnswer>;
  /** An owner's conversations, most recently used first. */
  listConversations(owner: string, limit: number): Promise<ConversationSummary[]>;
  /** A conversation's answers, oldest first. */
  conversationAnswers(conversationId: string): Promise<StoredAnswer[]>;
  findAnswer(id: string): Promise<StoredAnswer | null>;
  /** Rates an answer (a new rating replaces the old); false when there is no such answer. */
  saveFeedback(answerId: string, feedback: Omit<Feedback, "createdAt">): Promise<boolean>;
  /** The question log, newest first. */
  listAnswers(filter: AnswerFilter, page: AnswerPage): Promise<StoredAnswer[]>;
  /** Deletes answers (with their feedback) and idle conversations older than `cutoff`. */
  purgeBefore(cutoff: Date): Promise<{ answers: number; conversations: number }>;
}
