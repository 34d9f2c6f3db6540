import type { EvaluatedItem } from "../evaluate-set.js";
import type { FaithfulnessVerdict } from "../judge-faithfulness.js";
import type { EvalKind } from "../question-schema.js";
import type { ItemScore, RetrievalScore } from "../score.js";
import type { EvalSummary } from "./eval-summary.js";

/** How a run was made, so two reports can be told apart and compared fairly. */
export interface EvalRunInfo {
  startedAt: string;
  durationMs: number;
  /** `in-process` (DATA_DIR's index) or the API's base URL. */
  target: string;
  k: number;
  /** The modes the responses came in (`extractive`, `llm`, or both when the LLM sometimes fell back). */
  answerModes: string[];
  /** The local index's version and embedder, when one was used. */
  index?: { dataDir: string; version: string; embedder: string; clauseCount: number };
  /** The judge model, with `--judge`. */
  judge?: string;
  /** With `--compare`: one line per baseline. */
  baselines?: { name: string; description: string }[];
}

/** A cited clause in short: enough to see what came back without the full text. */
export interface CitationGist {
  ref: number;
  clauseId: string;
  path: string;
  /** The first 40 characters of the clause text. */
  textStart: string;
}

/** One item in the report: what was expected, what came back, the scores and why it failed (if it did). */
export interface ItemReport {
  id: string;
  kind: EvalKind;
  question: string;
  expected: { answerable: boolean; doc: string | null; evidence: string[]; evidenceAll: boolean; units: string[]; facts: string[] };
  got: { answerable: boolean; related: boolean; mode: string; answer: string; citations: CitationGist[] };
  score: ItemScore;
  faithfulness?: FaithfulnessVerdict | null;
  /** Empty when the item passed; otherwise one reason per failed check. */
  failures: string[];
}

/** The JSON report written to `eval/reports/`: the summary, how the run was made, and every item. */
export interface EvalReport {
  summary: EvalSummary;
  run: EvalRunInfo;
  items: ItemReport[];
  /** With `--compare`: each baseline's per-item retrieval scores. */
  baselineItems?: Record<string, RetrievalScore[]>;
}

/** How many leading characters of a cited clause the report shows. */
const TEXT_START_CHARS = 40;

/**
 * Why an item counts as failed: evidence not in the top five, a wrong refusal
 * decision, missing units or facts, an invalid citation marker, or (judged)
 * an unsupported claim. A hit below rank 1 is not a failure: hit@1 and MRR
 * already show it, and listing it would bury the real misses.
 */
export function failureReasons(score: ItemScore, verdict?: FaithfulnessVerdict | null): string[] {
  const reasons: string[] = [];
  if (!score.refusalCorrect) reasons.push(score.answerable ? "refused an answerable question" : "answered a question it should refuse");
  if (score.hit5 === false) reasons.push("evidence not in the top 5 citations");
  if (score.missingUnits.length > 0) reasons.push(`missing units: ${score.missingUnits.join("、")}`);
  if (score.missingFacts.length > 0) reasons.push(`missing facts: ${score.missingFacts.join("、")}`);
  if (!score.citationValid) reasons.push(`citation markers without a citation: ${score.invalidMarkers.map((marker) => `[${marker}]`).join("")}`);
  if (verdict?.error) reasons.push(`judge failed: ${verdict.error}`);
  else if (verdict && verdict.unsupportedClaims.length > 0) reasons.push(`unsupported claims: ${verdict.unsupportedClaims.join(" / ")}`);
  return reasons;
}

/** The report entry of one evaluated item. */
export function itemReport(evaluated: EvaluatedItem, verdict?: FaithfulnessVerdict | null): ItemReport {
  const { item, response, score } = evaluated;
  const report: ItemReport = {
    id: item.id,
    kind: item.kind,
    question: item.question,
    expected: { answerable: item.answerable, doc: item.doc, evidence: item.evidence, evidenceAll: item.evidence_all, units: item.units, facts: item.facts },
    got: {
      answerable: response.answerable,
      related: response.related,
      mode: response.mode,
      answer: response.answer,
      citations: response.citations.map((citation) => ({
        ref: citation.ref,
        clauseId: citation.clauseId,
        path: citation.path,
        textStart: citation.text.slice(0, TEXT_START_CHARS),
      })),
    },
    score,
    failures: failureReasons(score, verdict),
  };
  if (verdict !== undefined) report.faithfulness = verdict;
  return report;
}
