import type { ApiClient } from "./api-client.js";
import { toApiError } from "./api-error.js";
import type { ConversationSummary } from "./api-types.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "./dom.js";

/** `2025-03-01 14:05` in the reader's time zone. */
function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const two = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/**
 * 历史对话: the conversations this browser (or agent key) had, newest first,
 * loaded each time the list is opened; choosing one reopens it in the chat.
 */
export class ConversationList {
  readonly element: HTMLDetailsElement;
  private readonly content: HTMLElement;

  constructor(
    private readonly api: ApiClient,
    private readonly onOpen: (conversationId: string) => void,
  ) {
    this.content = h("div", { class: "history-content" });
    this.element = h("details", { class: "history" }, h("summary", {}, "历史对话"), this.content);
    this.element.addEventListener("toggle", () => {
      if (this.element.open) void this.load();
    });
  }

  /** Closes the list. */
  close(): void {
    this.element.open = false;
  }

  private async load(): Promise<void> {
    replaceChildren(this.content, loadingNotice("正在加载历史对话…"));
    try {
      const conversations = await this.api.conversations();
      replaceChildren(this.content, conversations.length === 0 ? h("p", { class: "history-empty" }, "还没有保存的对话。") : this.list(conversations));
    } catch (error) {
      replaceChildren(this.content, errorNotice(`历史对话加载失败：${toApiError(error).message}`));
    }
  }

  private list(conversations: ConversationSummary[]): HTMLElement {
    return h(
      "ol",
      { class: "history-list" },
      conversations.map((conversation) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "history-item", "data-conversation-id": conversation.id, onclick: () => this.onOpen(conversation.id) },
            h("span", { class: "history-title" }, conversation.title ?? "（未保存问题文本）"),
            h("span", { class: "history-meta" }, `${shortTime(conversation.updatedAt)} · ${conversation.answers} 问`),
          ),
        ),
      ),
    );
  }
}
