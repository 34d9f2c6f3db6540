import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQuestionSet, type EvalItem } from "../../eval/question-schema.js";
import { chatRequestSchema } from "../../src/answer/chat-schemas.js";
import { projectRoot } from "../../src/config/app-config.js";
import { verifyLlmAnswer } from "../../src/llm/verify-llm-answer.js";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import { prepareTestIndex } from "../support/test-index.js";

let services: QiwenServices;
let items: EvalItem[];
let unitNames: string[];
beforeAll(async () => {
  const { config } = await prepareTestIndex();
  services = await createServices(config);
  items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
  unitNames = (await services.index.current()).manifest.units.map((unit) => unit.name);
});

describe("extractive answers are grounded in what they cite", () => {
  it("every [n], unit and quantity an answer states is in a clause it cites — for every question of the team's set", async () => {
    for (const item of items) {
      const response = await services.answers.answer(chatRequestSchema.parse({ question: item.question, history: item.history ?? [] }));
      if (!response.answerable) continue;
      const verdict = verifyLlmAnswer({ answer: response.answer, clauses: response.citations, unitNames });
      expect(verdict, `${item.id}: ${item.question}\n${response.answer}`).toEqual(expect.objectContaining({ ok: true }));
    }
  });
});
