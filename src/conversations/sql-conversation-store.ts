import { z } from "zod";
import { chatFiltersSchema, citationSchema } from "../answer/chat-schemas.js";
import type { SqlClient, SqlRow } from "../store-sql/sql-client.js";
import { groupCommit } from "./group-commit.js";
import type { AnswerFilter, AnswerPage, ConversationStore, ConversationSummary, NewAnswer, StoredAnswer } from "./conversation-store.js";

/** How much of the first question a conversation keeps as its title. */
const TITLE_LENGTH = 80;

/**
 * A citation as stored: today's shape, with defaults for the fields citations
 * gained after answers were first stored (Traditional-text copy, supporting
 * units, deadline, unit text), so that rows written before still load.
 */
const storedCitationSchema = citationSchema.extend({
  textSimplified: z.string().nullable().default(null),
  supportUnits: z.array(z.string()).default([]),
  deadline: z.string().nullable().default(null),
  unitText: z.string().nullable().default(null),
});

const answerRowSchema = z.object({
  id: z.string(),
  conversation_id: z.string().nullable(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  answerable: z.boolean(),
  related: z.boolean(),
  citations: z.array(storedCitationSchema),
  mode: z.string(),
  latency_ms: z.number(),
  filters: chatFiltersSchema.nullable(),
  channel: z.enum(["chat", "stream", "openai"]),
  client: z.string().nullable(),
  created_at: z.date(),
  rating: z.enum(["up", "down"]).nullable(),
  reason: z.string().nullable(),
  comment: z.string().nullable(),
  rated_at: z.date().nullable(),
});

const conversationRowSchema = z.object({
  id: z.string(),
  owner: z.string().nullable(),
  title: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
  answers: z.coerce.number(),
});

const countSchema = z.object({ count: z.coerce.number() });

const SELECT_ANSWERS = `
  SELECT a.id, a.conversation_id, a.question, a.answer, a.answerable, a.related, a.citations, a.mode, a.latency_ms,
         a.filters, a.channel, a.client, a.created_at, f.rating, f.reason, f.comment, f.created_at AS rated_at
  FROM answers a LEFT JOIN feedback f ON f.answer_id = a.id`;

const SELECT_CONVERSATIONS = `
  SELECT c.id, c.owner, c.title, c.created_at, c.updated_at, (SELECT count(*) FROM answers a WHERE a.conversation_id = c.id) AS answers
  FROM conversations c`;

// One statement for every combination of filters: a null parameter switches its condition off.
const LIST_ANSWERS = `${SELECT_ANSWERS}
  WHERE ($1::boolean IS NULL OR a.answerable = NOT $1)
    AND ($2::text IS NULL OR f.rating = $2)
    AND ($3::text IS NULL OR $3 = ANY (a.doc_ids))
    AND ($4::timestamptz IS NULL OR a.created_at >= $4)
    AND ($5::timestamptz IS NULL OR a.created_at < $5)
    AND ($6::text IS NULL OR a.mode = $6)
    AND ($7::boolean IS NOT TRUE OR a.answerable = false OR f.rating = 'down')
    AND ($8::timestamptz IS NULL OR (a.created_at, a.id) < ($8, $9::text))
  ORDER BY a.created_at DESC, a.id DESC
  LIMIT $10`;

function toAnswer(row: SqlRow): StoredAnswer {
  const parsed = answerRowSchema.parse(row);
  return {
    id: parsed.id,
    conversationId: parsed.conversation_id,
    question: parsed.question,
    answer: parsed.answer,
    answerable: parsed.answerable,
    related: parsed.related,
    citations: parsed.citations,
    mode: parsed.mode,
    latencyMs: parsed.latency_ms,
    filters: parsed.filters,
    channel: parsed.channel,
    client: parsed.client,
    createdAt: parsed.created_at,
    feedback:
      parsed.rating && parsed.rated_at
        ? { rating: parsed.rating, reason: parsed.reason, comment: parsed.comment, createdAt: parsed.rated_at }
        : null,
  };
}

function toConversation(row: SqlRow): ConversationSummary {
  const parsed = conversationRowSchema.parse(row);
  return { id: parsed.id, owner: parsed.owner, title: parsed.title, createdAt: parsed.created_at, updatedAt: parsed.updated_at, answers: parsed.answers };
}

/** An answer to store, with the time it was given. */
interface TimedAnswer {
  answer: NewAnswer;
  at: Date;
}

/** The answers table's columns in insert order: each one's value for an answer, and its cast where the text needs one. */
const answerColumns: { name: string; cast?: string; value: (timed: TimedAnswer) => unknown }[] = [
  { name: "id", value: ({ answer }) => answer.id },
  { name: "conversation_id", value: ({ answer }) => answer.conversationId },
  { name: "question", value: ({ answer }) => answer.question },
  { name: "answer", value: ({ answer }) => answer.answer },
  { name: "answerable", value: ({ answer }) => answer.answerable },
  { name: "related", value: ({ answer }) => answer.related },
  { name: "citations", cast: "::jsonb", value: ({ answer }) => JSON.stringify(answer.citations) },
  { name: "citation_ids", value: ({ answer }) => answer.citations.map((citation) => citation.clauseId) },
  { name: "doc_ids", value: ({ answer }) => [...new Set(answer.citations.map((citation) => citation.docId))] },
  { name: "mode", value: ({ answer }) => answer.mode },
  { name: "latency_ms", value: ({ answer }) => answer.latencyMs },
  { name: "filters", cast: "::jsonb", value: ({ answer }) => (answer.filters ? JSON.stringify(answer.filters) : null) },
  { name: "channel", value: ({ answer }) => answer.channel },
  { name: "client", value: ({ answer }) => answer.client },
  { name: "created_at", value: ({ at }) => at },
];

/**
 * Stores answers in one statement, so atomically without a transaction: their
 * conversations' upsert runs as a CTE before the answers' insert (one row per
 * conversation: an upsert cannot touch a row twice in one statement).
 */
async function insertAnswers(client: SqlClient, answers: readonly TimedAnswer[]): Promise<void> {
  const params: unknown[] = [];
  const answerRows = answers.map((timed) => {
    const placeholders = answerColumns.map((column) => {
      params.push(column.value(timed));
      return `$${params.length}${column.cast ?? ""}`;
    });
    return `(${placeholders.join(", ")})`;
  });
  // Per conversation: the owner and title of its first answer here, created then, updated at its last.
  const conversations = new Map<string, { owner: string | null; title: string | null; createdAt: Date; updatedAt: Date }>();
  for (const { answer, at } of answers) {
    if (!answer.conversationId) continue;
    const known = conversations.get(answer.conversationId);
    if (known) known.updatedAt = at;
    else conversations.set(answer.conversationId, { owner: answer.owner, title: answer.question?.slice(0, TITLE_LENGTH) ?? null, createdAt: at, updatedAt: at });
  }
  const conversationRows = [...conversations].map(([id, { owner, title, createdAt, updatedAt }]) => {
    const first = params.length;
    params.push(id, owner, title, createdAt, updatedAt);
    return `($${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5})`;
  });
  const upsert =
    conversationRows.length > 0
      ? `WITH conversation AS (
           INSERT INTO conversations (id, owner, title, created_at, updated_at) VALUES ${conversationRows.join(", ")}
           ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, title = COALESCE(conversations.title, EXCLUDED.title)
           RETURNING id)
         `
      : "";
  await client.query(
    `${upsert}INSERT INTO answers (${answerColumns.map((column) => column.name).join(", ")}) VALUES ${answerRows.join(", ")}`,
    params,
  );
}

/** The conversation store over SQL, the same statements on PGlite and PostgreSQL. `now` is the clock (tests move it). */
export function createSqlConversationStore(client: SqlClient, now: () => Date = () => new Date()): ConversationStore {
  // Answers arriving together are stored by one statement (see group-commit.ts).
  const insertAnswer = groupCommit<TimedAnswer>((answers) => insertAnswers(client, answers));
  const findAnswer = async (id: string) => {
    const [row] = await client.query(`${SELECT_ANSWERS} WHERE a.id = $1`, [id]);
    return row ? toAnswer(row) : null;
  };
  return {
    async findConversation(id) {
      const [row] = await client.query(`${SELECT_CONVERSATIONS} WHERE c.id = $1`, [id]);
      return row ? toConversation(row) : null;
    },

    async recordAnswer(answer: NewAnswer) {
      const at = now();
      await insertAnswer({ answer, at });
      const { owner: _owner, ...stored } = answer;
      return { ...stored, createdAt: at, feedback: null };
    },

    async listConversations(owner, limit) {
      const rows = await client.query(`${SELECT_CONVERSATIONS} WHERE c.owner = $1 ORDER BY c.updated_at DESC, c.id DESC LIMIT $2`, [owner, limit]);
      return rows.map(toConversation);
    },

    async conversationAnswers(conversationId) {
      const rows = await client.query(`${SELECT_ANSWERS} WHERE a.conversation_id = $1 ORDER BY a.created_at, a.id`, [conversationId]);
      return rows.map(toAnswer);
    },

    findAnswer,

    async saveFeedback(answerId, feedback) {
      const rows = await client.query(
        `INSERT INTO feedback (answer_id, rating, reason, comment, created_at)
         SELECT id, $2, $3, $4, $5 FROM answers WHERE id = $1
         ON CONFLICT (answer_id) DO UPDATE SET rating = EXCLUDED.rating, reason = EXCLUDED.reason, comment = EXCLUDED.comment, created_at = EXCLUDED.created_at
         RETURNING answer_id`,
        [answerId, feedback.rating, feedback.reason, feedback.comment, now()],
      );
      return rows.length > 0;
    },

    async listAnswers(filter: AnswerFilter, page: AnswerPage) {
      const rows = await client.query(LIST_ANSWERS, [
        filter.refused ?? null,
        filter.rating ?? null,
        filter.docId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.mode ?? null,
        filter.gapsOnly ?? null,
        page.after?.createdAt ?? null,
        page.after?.id ?? null,
        page.limit,
      ]);
      return rows.map(toAnswer);
    },

    async purgeBefore(cutoff) {
      return client.transaction(async (transaction) => {
        const answers = await transaction.query("WITH gone AS (DELETE FROM answers WHERE created_at < $1 RETURNING 1) SELECT count(*) FROM gone", [cutoff]);
        const conversations = await transaction.query(
          `WITH gone AS (DELETE FROM conversations c WHERE c.updated_at < $1 AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.conversation_id = c.id) RETURNING 1)
           SELECT count(*) FROM gone`,
          [cutoff],
        );
        return { answers: countSchema.parse(answers[0]).count, conversations: countSchema.parse(conversations[0]).count };
      });
    },
  };
}
