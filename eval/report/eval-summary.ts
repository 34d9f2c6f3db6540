import type { EvaluatedItem } from "../evaluate-set.js";
import type { FaithfulnessVerdict } from "../judge-faithfulness.js";
import { kindsInReportOrder } from "../question-schema.js";
import { aggregate, aggregateRetrieval, type Aggregate, type ItemScore, type RetrievalScore } from "../score.js";

/**
 * The headline numbers of one system on one set of items. Rates are 0–1,
 * latencies in ms; null where no item had anything to score (e.g. unit recall
 * over refusal items, or everything but retrieval for a baseline).
 */
export type EvalMetrics = Omit<Aggregate, "n"> & {
  /** Mean LLM-judged faithfulness of the answers; only present with `--judge`. */
  faithfulness?: number | null;
};

/** Metrics with the number of items they were computed over. */
export type CountedMetrics = EvalMetrics & { n: number };

/** What `npm run eval -- --json` prints, and the head of the JSON report. */
export interface EvalSummary {
  set: string;
  n: number;
  overall: EvalMetrics;
  byKind: Record<string, CountedMetrics>;
  /** With `--compare`: each baseline on the answerable items (so `n` is their count). */
  baselines?: Record<string, CountedMetrics>;
}

/** The order of the metric fields in tables and JSON. */
export const metricNames = [
  "hit1",
  "hit5",
  "mrr",
  "unitRecall",
  "factRecall",
  "refusalAccuracy",
  "citationValidity",
  "falseRefusalRate",
  "medianAnswerChars",
  "maxAnswerChars",
  "p50Ms",
  "p95Ms",
] as const;

/** Totals of scored items (and their judge verdicts, when judged) as {@link EvalMetrics}. */
export function metricsOf(scores: readonly ItemScore[], verdicts?: ReadonlyArray<FaithfulnessVerdict | null>): EvalMetrics {
  const { n: _n, ...totals } = aggregate(scores);
  const metrics: EvalMetrics = roundLatencies(totals);
  if (verdicts) metrics.faithfulness = mean(verdicts.map((verdict) => verdict?.score ?? null));
  return metrics;
}

/** Retrieval totals of a baseline as {@link EvalMetrics}: everything but hit@1, hit@5 and MRR is null. */
export function baselineMetricsOf(scores: readonly RetrievalScore[]): CountedMetrics {
  const { n, hit1, hit5, mrr } = aggregateRetrieval(scores);
  const unscored = Object.fromEntries(metricNames.map((name) => [name, null])) as Record<(typeof metricNames)[number], null>;
  return { ...unscored, hit1, hit5, mrr, n };
}

/**
 * Summarises an evaluated set: overall, per kind (see kindsInReportOrder), and
 * the baselines' retrieval totals when given. `verdicts` (by item id) are the
 * judge's, with `--judge`.
 */
export function summarize(input: {
  set: string;
  evaluated: readonly EvaluatedItem[];
  verdicts?: ReadonlyMap<string, FaithfulnessVerdict | null>;
  baselines?: ReadonlyMap<string, readonly RetrievalScore[]>;
}): EvalSummary {
  const verdictsOf = (group: readonly EvaluatedItem[]) =>
    input.verdicts ? group.map((evaluated) => input.verdicts!.get(evaluated.item.id) ?? null) : undefined;
  const byKind: Record<string, CountedMetrics> = {};
  for (const kind of kindsInReportOrder(input.evaluated.map((evaluated) => evaluated.item.kind))) {
    const group = input.evaluated.filter((evaluated) => evaluated.item.kind === kind);
    if (group.length === 0) continue;
    byKind[kind] = { ...metricsOf(group.map((evaluated) => evaluated.score), verdictsOf(group)), n: group.length };
  }
  const summary: EvalSummary = {
    set: input.set,
    n: input.evaluated.length,
    overall: metricsOf(input.evaluated.map((evaluated) => evaluated.score), verdictsOf(input.evaluated)),
    byKind,
  };
  if (input.baselines) {
    summary.baselines = Object.fromEntries([...input.baselines].map(([name, scores]) => [name, baselineMetricsOf(scores)]));
  }
  return summary;
}

// Rates stay unrounded: rounding here and again for display would print
// 84/99 = 0.84848 as 0.849. Tables round once, when they print; latencies are
// rounded to 0.1 ms since finer digits are noise.
function roundLatencies(metrics: Omit<EvalMetrics, "faithfulness">): EvalMetrics {
  return { ...metrics, p50Ms: roundMs(metrics.p50Ms), p95Ms: roundMs(metrics.p95Ms) };
}

function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}
