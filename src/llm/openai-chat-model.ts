import OpenAI, { APIError } from "openai";
import { z } from "zod";
import { UpstreamError } from "../errors/app-errors.js";
import type { ChatCallOptions, ChatMessage, ChatModel } from "./chat-model.js";

/** How to reach the model: `config.llm` has exactly this shape. */
export interface OpenAIChatModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint (`…/v1`); OpenAI's own when absent. */
  baseURL?: string;
  model: string;
  /** Whole-call limit (first byte to last delta) unless a call passes its own. */
  timeoutMs: number;
}

// Only the fields read are checked: compatible servers add and omit others freely.
const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1, "the reply has no choices"),
});
const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish() })),
});

/**
 * A ChatModel over the `openai` SDK, for any OpenAI-compatible server.
 * Failures become UpstreamError (a timeout included); a call cancelled through
 * its own signal rethrows the abort. No retries: the answer service falls back
 * to the extractive answer instead, which is faster than a second attempt.
 */
export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIChatModelOptions) {
    this.name = `openai:${options.model}`;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0, timeout: options.timeoutMs });
  }

  /** The whole reply, non-streamed. */
  async complete(messages: readonly ChatMessage[], options: ChatCallOptions = {}): Promise<string> {
    const call = this.callSignal(options);
    try {
      const raw = await this.client.chat.completions.create(
        { model: this.options.model, messages: [...messages], stream: false },
        { signal: call.signal, timeout: call.timeoutMs },
      );
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw new UpstreamError(`${this.name} returned an unexpected reply: ${parsed.error.issues[0]?.message}`);
      return parsed.data.choices[0]!.message.content ?? "";
    } catch (error) {
      throw this.explain(error, call, options.signal);
    } finally {
      call.dispose();
    }
  }

  /** The reply as text deltas (`stream: true`); stopping the iteration cancels the request. */
  async *stream(messages: readonly ChatMessage[], options: ChatCallOptions = {}): AsyncIterable<string> {
    const call = this.callSignal(options);
    try {
      const chunks = await this.client.chat.completions.create(
        { model: this.options.model, messages: [...messages], stream: true },
        { signal: call.signal, timeout: call.timeoutMs },
      );
      for await (const chunk of chunks) {
        const parsed = chunkSchema.safeParse(chunk);
        if (!parsed.success) throw new UpstreamError(`${this.name} streamed an unexpected chunk: ${parsed.error.issues[0]?.message}`);
        const text = parsed.data.choices[0]?.delta?.content;
        if (text) yield text;
      }
    } catch (error) {
      throw this.explain(error, call, options.signal);
    } finally {
      call.dispose();
    }
  }

  /**
   * The SDK's own timeout stops at the response headers; a stream can stall
   * after them, so one timer covers the whole call.
   */
  private callSignal(options: ChatCallOptions) {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
    return { signal, timeoutMs, timedOut: () => timer.signal.aborted, dispose: () => clearTimeout(handle) };
  }

  private explain(error: unknown, call: { timeoutMs: number; timedOut: () => boolean }, callerSignal?: AbortSignal): unknown {
    if (callerSignal?.aborted) return callerSignal.reason ?? error;
    if (call.timedOut()) return new UpstreamError(`${this.name} did not answer within ${call.timeoutMs} ms`);
    if (error instanceof UpstreamError) return error;
    if (error instanceof APIError) {
      // The SDK's message starts with the status already (`500 …`).
      return new UpstreamError(`${this.name} failed: ${error.message}`, { status: error.status });
    }
    return new UpstreamError(`${this.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
