import type { IngestProgress } from "../ingest/run-ingest.js";
import type { ProgressBar } from "../src/cli/progress-bar.js";
import type { AppConfig } from "../src/config/app-config.js";
import { createEmbedder } from "../src/embedding/create-embedder.js";
import { OpenAIChatModel } from "../src/llm/openai-chat-model.js";
import type { QiwenServices } from "../src/services/qiwen-services.js";
import { answerInProcess } from "./answer-in-process.js";
import { answerOverHttp } from "./answer-over-http.js";
import { createBm25ClausesBaseline, createVectorClausesBaseline } from "./baselines/clause-search-baselines.js";
import { createNaiveRagBaseline } from "./baselines/naive-rag.js";
import type { RetrievalBaseline } from "./baselines/retrieval-baseline.js";
import { evaluateBaseline } from "./evaluate-baseline.js";
import { evaluateSet } from "./evaluate-set.js";
import { judgeAnswers, JudgeNeedsLlmError } from "./judge-faithfulness.js";
import { openLocalServices } from "./open-local-services.js";
import type { EvalItem } from "./question-schema.js";
import { itemReport, type EvalReport, type EvalRunInfo } from "./report/eval-report.js";
import { summarize } from "./report/eval-summary.js";
import type { RetrievalScore } from "./score.js";

/** What one evaluation run does; the CLI builds it from the command line. */
export interface EvaluationPlan {
  /** The set's name in the report (its path as given). */
  setName: string;
  items: readonly EvalItem[];
  k: number;
  /** Ask this server over HTTP; in-process when absent. */
  url?: string;
  compare: boolean;
  judge: boolean;
}

/**
 * One evaluation run: loads the set, answers every item (in-process or over
 * HTTP) and scores it, optionally judges faithfulness and runs the baselines
 * on the same corpus and embedder, and returns the full report. Local
 * services (model, index) are only opened when something needs them.
 */
export async function runEvaluation(plan: EvaluationPlan, deps: { config: AppConfig; progress: ProgressBar }): Promise<EvalReport> {
  const { config, progress } = deps;
  if (plan.judge && !config.llm) throw new JudgeNeedsLlmError();
  const startedAt = new Date();
  const { items } = plan;

  const needsLocal = !plan.url || plan.compare;
  const services = needsLocal ? await openLocalServices(config, { onIngestProgress: ingestProgress(progress), onWarning: progress.note }) : undefined;

  const answer = plan.url
    ? answerOverHttp(plan.url, { onRateLimited: (seconds) => progress.note(`rate-limited by ${plan.url}: waiting ${seconds} s`) })
    : answerInProcess(services!.answers);
  progress.start("企问", items.length);
  const evaluated = await evaluateSet(items, answer, { k: plan.k, onItem: (done, _total, result) => progress.update(done, result.item.id) });
  progress.finish();

  let verdicts: Awaited<ReturnType<typeof judgeAnswers>> | undefined;
  let judgeName: string | undefined;
  if (plan.judge && config.llm) {
    const chatModel = new OpenAIChatModel(config.llm);
    judgeName = chatModel.name;
    const answered = evaluated.map(({ item, response }) => ({ id: item.id, question: item.question, response }));
    progress.start("judge", answered.length);
    verdicts = await judgeAnswers(chatModel, answered, { timeoutMs: config.llm.timeoutMs, onItem: (done) => progress.update(done) });
    progress.finish();
  }

  let baselineScores: Map<string, RetrievalScore[]> | undefined;
  let baselineInfo: EvalRunInfo["baselines"];
  if (plan.compare) {
    const baselines = await openBaselines(services!, config, progress);
    baselineScores = new Map();
    try {
      for (const baseline of baselines) {
        progress.start(baseline.name, items.filter((item) => item.answerable).length);
        baselineScores.set(baseline.name, await evaluateBaseline(items, baseline, { k: plan.k, onItem: (done) => progress.update(done) }));
        progress.finish();
      }
    } finally {
      for (const baseline of baselines) await baseline.close();
    }
    baselineInfo = baselines.map(({ name, description }) => ({ name, description }));
  }

  const summary = summarize({ set: plan.setName, evaluated, verdicts, baselines: baselineScores });
  const run: EvalRunInfo = {
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    target: plan.url ?? "in-process",
    k: plan.k,
    answerModes: [...new Set(evaluated.map(({ response }) => response.mode))].sort(),
  };
  if (services && !plan.url) {
    const { manifest } = await services.index.current();
    run.index = { dataDir: config.dataDir, version: manifest.version, embedder: manifest.embedder, clauseCount: manifest.clauseCount };
  }
  if (judgeName) run.judge = judgeName;
  if (baselineInfo) run.baselines = baselineInfo;
  const report: EvalReport = {
    summary,
    run,
    items: evaluated.map((result) => itemReport(result, verdicts ? (verdicts.get(result.item.id) ?? null) : undefined)),
  };
  if (baselineScores) report.baselineItems = Object.fromEntries(baselineScores);
  return report;
}

/**
 * The three baselines, over the same corpus (seeds, clause table) and embedding
 * model as 企问. The naive-RAG chunks go through an embedder of their own
 * without the persistent cache: `services.embedder` would store every raw
 * 500-character chunk in DATA_DIR's embedding cache for good (it only grows)
 * and rewrite the cache file after every batch, for vectors no index uses.
 */
async function openBaselines(services: QiwenServices, config: AppConfig, progress: ProgressBar): Promise<RetrievalBaseline[]> {
  let started = false;
  const naiveRag = await createNaiveRagBaseline({
    seedsDir: config.seedsDir,
    embedder: await createEmbedder(config),
    onProgress: (done, total) => {
      if (!started) progress.start("naive-rag: embedding chunks", total);
      started = true;
      progress.update(done);
    },
  });
  if (started) progress.finish();
  return [naiveRag, createBm25ClausesBaseline(services.index), createVectorClausesBaseline(services.index, services.embedder)];
}

/** Shows the embedding stage of a (re)build; an unchanged index only parses, which is quick and silent. */
function ingestProgress(progress: ProgressBar): (event: IngestProgress) => void {
  let embedding = false;
  return (event) => {
    if (event.stage === "embed") {
      if (!embedding) progress.start("building the index: embedding clauses", event.total);
      embedding = true;
      progress.update(event.done);
    } else if (event.stage === "write" && event.done === event.total && embedding) {
      progress.finish();
    }
  };
}
