/**
 * The admin API's responses and light validators for them, in the manner of
 * ../api-types.ts: a response that does not fit becomes an error sentence.
 */
import { arrayAt, objectAt, parseCitationList, ResponseShapeError, type Citation, type Json, type Rating } from "../api-types.js";

const text = (object: Json, key: string): string | null => (typeof object[key] === "string" ? (object[key] as string) : null);
const number = (object: Json, key: string): number => (typeof object[key] === "number" ? (object[key] as number) : 0);

/** One logged answer (`GET /api/admin/questions`). */
export interface QuestionItem {
  answerId: string;
  question: string | null;
  answer: string | null;
  answerable: boolean;
  related: boolean;
  rating: Rating | null;
  reason: string | null;
  comment: string | null;
  citations: Citation[];
  mode: string;
  latencyMs: number;
  channel: string;
  client: string | null;
  createdAt: string;
}

/** Validates one logged answer. */
export function parseQuestionItem(value: unknown, where = "item"): QuestionItem {
  const object = objectAt(value, where);
  const answerId = text(object, "answerId");
  if (!answerId) throw new ResponseShapeError(`${where}.answerId`, "a string");
  const rating = object.rating === "up" || object.rating === "down" ? object.rating : null;
  return {
    answerId,
    question: text(object, "question"),
    answer: text(object, "answer"),
    answerable: object.answerable === true,
    related: object.related === true,
    rating,
    reason: text(object, "reason"),
    comment: text(object, "comment"),
    citations: object.citations === undefined ? [] : parseCitationList(object.citations, `${where}.citations`),
    mode: text(object, "mode") ?? "",
    latencyMs: number(object, "latencyMs"),
    channel: text(object, "channel") ?? "",
    client: text(object, "client"),
    createdAt: text(object, "createdAt") ?? "",
  };
}

/** Validates `GET /api/admin/questions`. */
export function parseQuestionPage(value: unknown): { items: QuestionItem[]; next: string | null } {
  const object = objectAt(value, "response");
  return { items: arrayAt(object.items, "items").map((item, index) => parseQuestionItem(item, `items[${index}]`)), next: text(object, "next") };
}

/** Why an answer is in the gap report. */
export type GapKind = "refused" | "not_covered" | "down";

/** `GET /api/admin/gaps`. */
export interface GapReport {
  total: number;
  withoutText: number;
  kinds: Record<GapKind, number>;
  topics: { label: string; count: number; kinds: Record<GapKind, number>; lastAskedAt: string; examples: { answerId: string; question: string; kind: GapKind }[] }[];
}

function kindsAt(value: unknown, where: string): Record<GapKind, number> {
  const object = objectAt(value, where);
  return { refused: number(object, "refused"), not_covered: number(object, "not_covered"), down: number(object, "down") };
}

const gapKinds: readonly string[] = ["refused", "not_covered", "down"];

/** Validates the gap report. */
export function parseGapReport(value: unknown): GapReport {
  const object = objectAt(value, "response");
  return {
    total: number(object, "total"),
    withoutText: number(object, "withoutText"),
    kinds: kindsAt(object.kinds, "kinds"),
    topics: arrayAt(object.topics, "topics").map((item, index) => {
      const where = `topics[${index}]`;
      const topic = objectAt(item, where);
      return {
        label: text(topic, "label") ?? "",
        count: number(topic, "count"),
        kinds: kindsAt(topic.kinds, `${where}.kinds`),
        lastAskedAt: text(topic, "lastAskedAt") ?? "",
        examples: arrayAt(topic.examples, `${where}.examples`).map((example, exampleIndex) => {
          const entry = objectAt(example, `${where}.examples[${exampleIndex}]`);
          const kind = text(entry, "kind") ?? "refused";
          return { answerId: text(entry, "answerId") ?? "", question: text(entry, "question") ?? "", kind: (gapKinds.includes(kind) ? kind : "refused") as GapKind };
        }),
      };
    }),
  };
}
