import { z } from "zod";
import type { ChatResponse, Citation } from "../src/answer/chat-schemas.js";
import type { ChatMessage, ChatModel } from "../src/llm/chat-model.js";

/** Thrown when `--judge` is asked for without an LLM configured. */
export class JudgeNeedsLlmError extends Error {
  override readonly name = "JudgeNeedsLlmError";
  constructor() {
    super("--judge needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL / CHAT_MODEL)");
  }
}

/** What the judge model must reply: the answer's claims, each marked supported or not. */
export const judgeReplySchema = z.object({
  claims: z.array(z.object({ claim: z.string(), supported: z.boolean() })),
});
export type JudgeReply = z.infer<typeof judgeReplySchema>;

/** The judge's finding on one answer. */
export interface FaithfulnessVerdict {
  /** Share of the answer's claims the cited text supports; null when not judged (refusal, no claims, bad reply). */
  score: number | null;
  claimCount: number;
  unsupportedClaims: string[];
  /** Why there is no score, when the judge call failed or its reply did not parse. */
  error?: string;
}

const SYSTEM_PROMPT = [
  "你是一名严格的事实核查员。你会收到一个用户问题、一个回答，以及回答所引用的政策条款原文（含每条的责任单位）。",
  "请把回答拆成独立的事实陈述（忽略寒暄、引导语、“详见条款”“请咨询相关部门”之类不含事实的话），",
  "逐条判断：该陈述能否仅凭所引用的条款原文（含其责任单位）直接得到支持。原文没有的数字、期限、单位、条件都算不支持；常识也不算支持。",
  '只输出一个 JSON 对象，不要输出其他任何内容，格式：{"claims":[{"claim":"陈述原文","supported":true}]}',
].join("\n");

/** The judge prompt for one answer: the question, the cited clauses numbered as in the answer, and the answer. */
export function faithfulnessPrompt(question: string, response: Pick<ChatResponse, "answer" | "citations">): ChatMessage[] {
  const clauses = response.citations.map(formatCitation).join("\n\n");
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: `问题：${question}\n\n引用条款：\n${clauses}\n\n回答：\n${response.answer}` },
  ];
}

function formatCitation(citation: Citation): string {
  const heading = [`[${citation.ref}]《${citation.docTitle}》${citation.path}`, citation.title].filter(Boolean).join(" ");
  const units = citation.units.length > 0 ? citation.units.join("、") : "未列明";
  return `${heading}\n${citation.text}\n责任单位：${units}`;
}

/**
 * Reads the judge's reply: the JSON object, also when the model wrapped it in
 * a code fence or a sentence, validated with {@link judgeReplySchema}.
 */
export function parseJudgeReply(reply: string): JudgeReply {
  const start = reply.indexOf("{");
  const end = reply.lastIndexOf("}");
  if (start < 0 || end < start) throw new Error("the judge's reply holds no JSON object");
  let json: unknown;
  try {
    json = JSON.parse(reply.slice(start, end + 1));
  } catch (error) {
    throw new Error(`the judge's reply is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = judgeReplySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the judge's reply does not match {claims:[{claim,supported}]}: ${issue?.path.join(".") || "reply"}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Asks the model whether every claim of an answer is supported by the text it
 * cites. Refusals and answers without citations are not judged. A failed call
 * or an unreadable reply gives a verdict with `error` and no score, rather
 * than stopping the run: one flaky reply should not cost the whole report.
 */
export async function judgeFaithfulness(
  chatModel: ChatModel,
  question: string,
  response: ChatResponse,
  options: { timeoutMs?: number } = {},
): Promise<FaithfulnessVerdict | null> {
  if (!response.answerable || response.citations.length === 0) return null;
  let reply: JudgeReply;
  try {
    reply = parseJudgeReply(await chatModel.complete(faithfulnessPrompt(question, response), { timeoutMs: options.timeoutMs }));
  } catch (error) {
    return { score: null, claimCount: 0, unsupportedClaims: [], error: error instanceof Error ? error.message : String(error) };
  }
  const unsupportedClaims = reply.claims.filter((claim) => !claim.supported).map((claim) => claim.claim);
  const claimCount = reply.claims.length;
  return { score: claimCount === 0 ? null : (claimCount - unsupportedClaims.length) / claimCount, claimCount, unsupportedClaims };
}

/** Options of {@link judgeAnswers}. */
export interface JudgeAnswersOptions {
  /** Calls in flight at once: a judge pass over 100 answers one by one takes minutes. */
  concurrency?: number;
  timeoutMs?: number;
  onItem?: (done: number, total: number) => void;
}

/** Judges every answered item, a few at a time; the verdicts are keyed by item id (null: not judged). */
export async function judgeAnswers(
  chatModel: ChatModel,
  answered: ReadonlyArray<{ id: string; question: string; response: ChatResponse }>,
  options: JudgeAnswersOptions = {},
): Promise<Map<string, FaithfulnessVerdict | null>> {
  const verdicts = new Map<string, FaithfulnessVerdict | null>();
  let next = 0;
  const worker = async () => {
    while (next < answered.length) {
      const { id, question, response } = answered[next++]!;
      verdicts.set(id, await judgeFaithfulness(chatModel, question, response, { timeoutMs: options.timeoutMs }));
      options.onItem?.(verdicts.size, answered.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return verdicts;
}
