import type { StoredAnswer } from "../conversations/conversation-store.js";
import type { Embedder } from "../embedding/embedder.js";
import type { WordSegmenter } from "../text/segment-words.js";
import { clusterVectors } from "./cluster-vectors.js";
import { topicTerms } from "./topic-terms.js";

/**
 * Questions on one topic embed (bge-small-zh, as passages) at 0.63–0.80 to
 * each other and unrelated ones mostly below 0.5 (measured on out-of-scope
 * callers' questions: 社保基数 / 交社保按什么标准 0.79, 签证 / 外国客户考察签证 0.65,
 * 最低工资 / 社保基数 0.56–0.63, 货车上牌 / 年假 0.24).
 */
export const TOPIC_SIMILARITY = 0.64;

/** How many example questions a topic shows. */
const EXAMPLES = 5;

/** Why an answer is in the report: refused outright, refused though related clauses exist ("the documents do not say"), or rated 👎. */
export type GapKind = "refused" | "not_covered" | "down";

/** The kind of a gap answer. */
export function gapKind(answer: StoredAnswer): GapKind {
  if (!answer.answerable) return answer.related ? "not_covered" : "refused";
  return "down";
}

type KindCounts = Record<GapKind, number>;

function countKinds(answers: readonly StoredAnswer[]): KindCounts {
  const counts: KindCounts = { refused: 0, not_covered: 0, down: 0 };
  for (const answer of answers) counts[gapKind(answer)] += 1;
  return counts;
}

/** What callers asked that the documents did not answer, grouped by topic. */
export interface GapReport {
  total: number;
  kinds: KindCounts;
  /** Gap answers whose question text was not stored (STORE_QUESTIONS=false): counted, not grouped. */
  withoutText: number;
  topics: {
    /** The shared key terms, joined for display. */
    label: string;
    terms: string[];
    count: number;
    kinds: KindCounts;
    lastAskedAt: string;
    examples: { answerId: string; question: string; kind: GapKind; createdAt: string }[];
  }[];
}

/**
 * Groups gap answers (newest first) by topic: questions are embedded and
 * clustered by similarity, which joins different wordings of one need
 * (Traditional, colloquial, English); each topic is labelled with the key
 * terms its questions share.
 */
export async function buildGapReport(
  answers: readonly StoredAnswer[],
  deps: { embedder: Embedder; segmenter: WordSegmenter; stopwords: ReadonlySet<string> },
): Promise<GapReport> {
  const withText = answers.filter((answer): answer is StoredAnswer & { question: string } => answer.question !== null);
  const vectors = withText.length > 0 ? await deps.embedder.embedDocuments(withText.map((answer) => answer.question)) : [];
  const topics = clusterVectors(vectors, TOPIC_SIMILARITY).map((group) => {
    const members = group.map((index) => withText[index]!);
    const terms = topicTerms(
      members.map((member) => member.question),
      deps.segmenter,
      deps.stopwords,
    );
    return {
      label: terms.length > 0 ? terms.join(" · ") : members[0]!.question.slice(0, 20),
      terms,
      count: members.length,
      kinds: countKinds(members),
      lastAskedAt: members[0]!.createdAt.toISOString(),
      examples: members.slice(0, EXAMPLES).map((member) => ({
        answerId: member.id,
        question: member.question,
        kind: gapKind(member),
        createdAt: member.createdAt.toISOString(),
      })),
    };
  });
  return { total: answers.length, kinds: countKinds(answers), withoutText: answers.length - withText.length, topics };
}
