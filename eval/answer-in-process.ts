import type { AnswerService } from "../src/answer/answer-service.js";
import type { AnswerFunction } from "./evaluate-set.js";

/** Answers through the answer service of this process (the default of `npm run eval`). */
export function answerInProcess(answers: AnswerService): AnswerFunction {
  return async (request) => {
    const started = performance.now();
    const response = await answers.answer(request);
    return { response, latencyMs: performance.now() - started };
  };
}
