import { readFile } from "node:fs/promises";
import path from "node:path";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import type { ChatTurn } from "../answer/chat-schemas.js";
import { projectRoot } from "../config/app-config.js";
import type { IndexedClause } from "../store/indexed-clause.js";
import type { ChatMessage } from "./chat-model.js";
import { noUnitsText } from "../answer/format-units.js";

/** Where `answer-system.md` and `answer-user.md` live. */
export const promptsDir = path.join(projectRoot, "prompts");

/** The fewest earlier turns a follow-up needs; older ones cost tokens and rarely matter. */
const HISTORY_TURNS = 6;
/** Long assistant turns (earlier answers) are cut: their gist is enough to resolve a follow-up. */
const HISTORY_TURN_CHARS = 1200;

/** What the answer prompt is rendered from. */
export interface AnswerPromptInput {
  question: string;
  history: readonly ChatTurn[];
  /** The retrieved clauses, numbered `[1]…[k]` in this order. */
  clauses: readonly IndexedClause[];
}


/** One clause as the prompt lists it: `[n]《简称》path title`, its text, then its responsible units. */
export function formatPromptClause(clause: IndexedClause, ref: number): string {
  const heading = [`[${ref}]《${clause.docShortName}》${clause.path}`, clause.title].filter(Boolean).join(" ");
  const leads = clause.leadUnits.length > 0 ? `（牵头单位：${clause.leadUnits.join("、")}）` : "";
  const units = clause.units.length > 0 ? `${clause.units.join("、")}${leads}` : noUnitsText(clause);
  return `${heading}\n${clause.text}\n责任单位：${units}`;
}

let templatePromise: Promise<ChatPromptTemplate> | undefined;

/** Reads the two prompt files once; a missing file fails the first LLM answer (which then falls back). */
function answerTemplate(): Promise<ChatPromptTemplate> {
  templatePromise ??= Promise.all([
    readFile(path.join(promptsDir, "answer-system.md"), "utf8"),
    readFile(path.join(promptsDir, "answer-user.md"), "utf8"),
  ]).then(([system, user]) =>
    ChatPromptTemplate.fromMessages([["system", system], new MessagesPlaceholder("history"), ["human", user]]),
  );
  templatePromise.catch(() => {
    templatePromise = undefined;
  });
  return templatePromise;
}

const roleOfMessageType = { system: "system", human: "user", ai: "assistant" } as const;

/**
 * Renders the answer prompt: the system rules, the recent history (so a
 * follow-up like “那需要多久？” keeps its subject), then the numbered clauses
 * and the question. Values are substituted, never parsed as templates, so
 * braces in a question are harmless.
 */
export async function renderAnswerPrompt(input: AnswerPromptInput): Promise<ChatMessage[]> {
  const template = await answerTemplate();
  const history = input.history.slice(-HISTORY_TURNS).map((turn): [string, string] => [
    turn.role === "user" ? "human" : "ai",
    turn.content.length > HISTORY_TURN_CHARS ? `${turn.content.slice(0, HISTORY_TURN_CHARS)}…` : turn.content,
  ]);
  const messages = await template.formatMessages({
    history,
    clauses: input.clauses.map((clause, index) => formatPromptClause(clause, index + 1)).join("\n\n"),
    question: input.question,
  });
  return messages.map((message) => {
    const type = message.type;
    if (!(type in roleOfMessageType) || typeof message.content !== "string") {
      throw new Error(`the answer prompt rendered an unexpected ${type} message`);
    }
    return { role: roleOfMessageType[type as keyof typeof roleOfMessageType], content: message.content };
  });
}
