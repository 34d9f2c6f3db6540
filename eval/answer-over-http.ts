import { z } from "zod";
import { chatResponseSchema } from "../src/answer/chat-schemas.js";
import type { AnswerFunction } from "./evaluate-set.js";

/** Options of {@link answerOverHttp}. */
export interface AnswerOverHttpOptions {
  /** Per request, so one hung answer cannot stall the run forever. */
  timeoutMs?: number;
  /** How many 429s in a row to sit out before giving up. */
  maxRateLimitWaits?: number;
  /** Told when the server rate-limits us and how long we wait. */
  onRateLimited?: (waitSeconds: number) => void;
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * Answers by POSTing `{ question, history, topK }` to `<baseUrl>/api/chat`
 * and validating the reply with chatResponseSchema, so the eval also checks
 * the API's contract. The server's per-IP chat limit (60 a minute by default)
 * is smaller than the question set: a 429 is waited out (Retry-After) and
 * retried, and the wait is not counted as latency.
 */
export function answerOverHttp(baseUrl: string, options: AnswerOverHttpOptions = {}): AnswerFunction {
  const endpoint = new URL("api/chat", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxWaits = options.maxRateLimitWaits ?? 5;
  return async (request) => {
    for (let waits = 0; ; waits++) {
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: request.question, history: request.history, topK: request.topK }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new Error(`POST ${endpoint} failed: ${reason}`);
      }
      const text = await response.text();
      const latencyMs = performance.now() - started;
      if (response.status === 429 && waits < maxWaits) {
        const waitSeconds = Math.min(120, Math.max(1, Number(response.headers.get("retry-after")) || 5));
        options.onRateLimited?.(waitSeconds);
        await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
        continue;
      }
      const json = parseJson(text);
      if (!response.ok) {
        const body = errorBodySchema.safeParse(json);
        const detail = body.success ? `${body.data.error.code}: ${body.data.error.message}` : text.slice(0, 200);
        throw new Error(`POST ${endpoint} answered ${response.status} (${detail})`);
      }
      const parsed = chatResponseSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`POST ${endpoint} returned a body that is not a chat response: ${issue?.path.join(".") || "body"}: ${issue?.message}`);
      }
      return { response: parsed.data, latencyMs };
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
