import { describe, expect, it } from "vitest";
import type { ChatResponse } from "../../web/src/api-types.js";
import { Conversation, maxHistoryMessages } from "../../web/src/conversation.js";

function response(answer: string): ChatResponse {
  return { answer, answerable: true, related: false, citations: [], mode: "extractive", timings: { retrievalMs: 1, totalMs: 2 } };
}

describe("Conversation", () => {
  it("sends answered turns as alternating user/assistant history, oldest first", () => {
    const conversation = new Conversation();
    conversation.answer(conversation.ask("园区怎么注销？"), response("网上专区办理[1]"));
    expect(conversation.history()).toEqual([
      { role: "user", content: "园区怎么注销？" },
      { role: "assistant", content: "网上专区办理[1]" },
    ]);
  });

  it("leaves out a question whose answer failed or is still streaming", () => {
    const conversation = new Conversation();
    conversation.ask("失败的问题");
    conversation.answer(conversation.ask("第二个问题"), response("回答"));
    conversation.ask("正在回答的问题");
    expect(conversation.history().map((message) => message.content)).toEqual(["第二个问题", "回答"]);
    expect(conversation.length).toBe(3);
  });

  it("keeps at most the last 20 messages, never splitting a pair", () => {
    const conversation = new Conversation();
    for (let index = 0; index < 15; index++) conversation.answer(conversation.ask(`问${index}`), response(`答${index}`));
    const history = conversation.history();
    expect(history).toHaveLength(maxHistoryMessages);
    expect(history[0]).toEqual({ role: "user", content: "问5" });
    expect(history[history.length - 1]).toEqual({ role: "assistant", content: "答14" });
  });

  it("forgets everything on clear", () => {
    const conversation = new Conversation();
    conversation.answer(conversation.ask("问"), response("答"));
    conversation.clear();
    expect(conversation.history()).toEqual([]);
    expect(conversation.length).toBe(0);
  });
});
