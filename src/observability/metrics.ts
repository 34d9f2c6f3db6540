import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The service's Prometheus registry: what GET /metrics renders (process metrics included). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpRequests = new Counter({
  name: "qiwen_http_requests_total",
  help: "HTTP requests answered, by method, route pattern and status",
  labelNames: ["method", "route", "status"] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: "qiwen_http_request_duration_seconds",
  help: "Time from a request's arrival to its last byte (a stream's whole length), by method, route pattern and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

const answers = new Counter({
  name: "qiwen_answers_total",
  help: "Answers given, by mode (extractive, llm) and whether the documents answered the question",
  labelNames: ["mode", "answerable"] as const,
  registers: [metricsRegistry],
});

const feedback = new Counter({
  name: "qiwen_feedback_total",
  help: "Feedback on answers, by rating",
  labelNames: ["rating"] as const,
  registers: [metricsRegistry],
});

const indexInfo = new Gauge({
  name: "qiwen_index_info",
  help: "1 for the version of the index being served (none while no index is open)",
  labelNames: ["version"] as const,
  registers: [metricsRegistry],
});

/** Methods Node's parser accepts beyond these are rare: one label keeps the series bounded. */
const methodLabels = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** One finished request; `route` is the matched pattern (`/api/documents/:id/clauses`), never the raw path. */
export function recordHttpRequest(request: { method: string; route: string; status: number; seconds: number }): void {
  const labels = { method: methodLabels.has(request.method) ? request.method : "other", route: request.route, status: String(request.status) };
  httpRequests.inc(labels);
  httpDuration.observe(labels, request.seconds);
}

/** One answer given (JSON, stream or /v1). */
export function recordAnswer(answer: { mode: "extractive" | "llm"; answerable: boolean }): void {
  answers.inc({ mode: answer.mode, answerable: String(answer.answerable) });
}

/** One piece of feedback stored. */
export function recordFeedback(rating: "up" | "down"): void {
  feedback.inc({ rating });
}

/** The index version now served, or null when none is open. */
export function setIndexVersion(version: string | null): void {
  indexInfo.reset();
  if (version !== null) indexInfo.set({ version }, 1);
}

/** The registry in Prometheus's text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
