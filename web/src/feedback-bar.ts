import type { ApiClient } from "./api-client.js";
import { toApiError } from "./api-error.js";
import type { Rating } from "./api-types.js";
import { h, replaceChildren } from "./dom.js";

/** Why an answer was unhelpful: the choices an agent clicks most; anything else goes in the comment. */
export const feedbackReasons = ["答非所问", "引用条款不对", "责任单位不对", "信息过时", "文件没有规定", "其他"];

/**
 * 👍 / 👎 under an answer, each with a word (an offline desktop may have no emoji font). 👎 opens an optional reason and comment before it
 * is sent; 👍 is sent at once. A rating can be changed: the server keeps the last.
 */
export class FeedbackBar {
  readonly element: HTMLElement;
  private readonly up: HTMLButtonElement;
  private readonly down: HTMLButtonElement;
  private readonly details: HTMLElement;
  private readonly status: HTMLElement;

  constructor(
    private readonly api: ApiClient,
    private readonly answerId: string,
    rated: Rating | null = null,
  ) {
    this.up = h("button", { type: "button", class: "feedback-button", "aria-pressed": "false", "aria-label": "有帮助", onclick: () => void this.send("up") }, "👍 有帮助");
    this.down = h("button", { type: "button", class: "feedback-button", "aria-pressed": "false", "aria-label": "没有帮助", onclick: () => this.askWhy() }, "👎 没帮助");
    this.details = h("div", { class: "feedback-details", hidden: true });
    this.status = h("span", { class: "feedback-status", role: "status" });
    this.element = h("div", { class: "feedback", "data-answer-id": answerId }, h("span", { class: "feedback-label" }, "这个回答有帮助吗？"), this.up, this.down, this.status, this.details);
    if (rated) this.mark(rated, "已反馈");
  }

  private askWhy(): void {
    const reason = h("select", { name: "reason", "aria-label": "原因（可选）" }, h("option", { value: "" }, "原因（可选）"), feedbackReasons.map((text) => h("option", { value: text }, text)));
    const comment = h("input", { type: "text", name: "comment", maxlength: 2000, placeholder: "补充说明（可选），如正确的责任单位", "aria-label": "补充说明（可选）" });
    const submit = h("button", { type: "button", class: "button-primary", onclick: () => void this.send("down", reason.value, comment.value.trim()) }, "提交");
    replaceChildren(this.details, reason, comment, submit);
    this.details.hidden = false;
    reason.focus();
  }

  private async send(rating: Rating, reason?: string, comment?: string): Promise<void> {
    this.status.textContent = "正在提交…";
    try {
      await this.api.feedback(this.answerId, rating, reason || undefined, comment || undefined);
      this.details.hidden = true;
      this.mark(rating, "感谢反馈");
    } catch (error) {
      this.status.textContent = `反馈未能提交：${toApiError(error).message}`;
    }
  }

  private mark(rating: Rating, text: string): void {
    this.up.setAttribute("aria-pressed", String(rating === "up"));
    this.down.setAttribute("aria-pressed", String(rating === "down"));
    this.status.textContent = text;
  }
}
