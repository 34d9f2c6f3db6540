import { z } from "zod";
import { chatRequestSchema, type ChatRequest, type ChatTurn } from "../answer/chat-schemas.js";
import { NotFoundError, ValidationError } from "../errors/app-errors.js";
import { REFERENCES_HEADING } from "./completion-response.js";

/** The one model this endpoint serves. */
export const MODEL_ID = "qiwen";

/** Message content: a string, or parts of which the text ones count (images and audio are ignored). */
const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

/**
 * The body of `POST /v1/chat/completions`. Fields other clients send
 * (temperature, max_tokens, tools, stream_options …) are accepted and have no
 * effect: answers come from the documents, not from sampling.
 */
export const completionRequestSchema = z.looseObject({
  model: z.string({ error: `model is required ("${MODEL_ID}")` }),
  messages: z
    .array(z.looseObject({ role: z.string({ error: "each message needs a role" }), content: contentSchema.optional() }), { error: "messages must be an array" })
    .min(1, "messages must not be empty"),
  stream: z.boolean().optional(),
  /** OpenAI's end-user id: logged as the client when no key names one. */
  user: z.string().max(64).optional(),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;

/** The longest history turn the answer pipeline takes; longer earlier replies are cut, not refused. */
const TURN_LIMIT = 8000;
/** The most earlier messages kept (the chat API's limit). */
const HISTORY_LIMIT = 20;

function textOf(content: z.infer<typeof contentSchema> | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" && part.text ? part.text : "")).join("");
}

const loggedMessagesSchema = z.object({ messages: z.array(z.looseObject({ role: z.unknown(), content: contentSchema.optional() })) });

/** The text of the last user message of a /v1 body, if it has one: what LOG_QUESTIONS=true logs as its question. */
export function lastUserText(body: unknown): string | undefined {
  const parsed = loggedMessagesSchema.safeParse(body);
  const last = parsed.success ? parsed.data.messages.findLast((message) => message.role === "user") : undefined;
  return last ? textOf(last.content) : undefined;
}

/** An earlier answer of ours comes back with its reference list: the history keeps the answer alone, as /api/chat's would. */
function withoutReferences(text: string): string {
  const at = text.indexOf(`\n\n${REFERENCES_HEADING}`);
  return at >= 0 ? text.slice(0, at) : text;
}

/**
 * The question (the last message, which must be the user's) and the history
 * (earlier user and assistant messages). System and developer messages are
 * dropped: what the documents say cannot be changed by a prompt; so are tool messages.
 */
export function toChatRequest(body: CompletionRequest): ChatRequest {
  if (body.model !== MODEL_ID) throw new NotFoundError(`model: "${body.model}" does not exist; the only model is "${MODEL_ID}"`, { field: "model", openAiCode: "model_not_found" });
  const conversation = body.messages.filter((message) => message.role === "user" || message.role === "assistant");
  const last = conversation.at(-1);
  if (!last || last.role !== "user") throw new ValidationError("messages: the last user or assistant message must be the user's question", { field: "messages" });
  const history: ChatTurn[] = conversation
    .slice(0, -1)
    .slice(-HISTORY_LIMIT)
    .map((message) => ({ role: message.role as ChatTurn["role"], content: withoutReferences(textOf(message.content)).slice(0, TURN_LIMIT) }));
  const parsed = chatRequestSchema.safeParse({ question: textOf(last.content), history });
  if (!parsed.success) throw new ValidationError(`messages: the question: ${parsed.error.issues[0]!.message}`, { field: "messages" });
  return parsed.data;
}
