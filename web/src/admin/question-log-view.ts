import type { ApiClient } from "../api-client.js";
import { toApiError } from "../api-error.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "../dom.js";
import type { AdminApi } from "./admin-api.js";
import type { QuestionItem } from "./admin-types.js";
import { QuestionFilters } from "./question-filters.js";

/** Words beside the emoji: an offline desktop may have no emoji font. */
const ratingText = { up: "👍 好评", down: "👎 差评" } as const;

/** `2025-03-01 14:05`, local time. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function outcome(item: QuestionItem): string {
  if (item.answerable) return "已回答";
  return item.related ? "文件未规定" : "拒答";
}

/**
 * 问题记录: the question log with filters, newest first, a page at a time;
 * choosing a question shows its answer and the clauses it cited with their units.
 */
export class QuestionLogView {
  readonly element: HTMLElement;
  private filters: QuestionFilters | null = null;
  private readonly list: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly more: HTMLButtonElement;
  private next: string | null = null;

  constructor(
    private readonly admin: AdminApi,
    private readonly api: ApiClient,
  ) {
    this.list = h("tbody", {});
    this.more = h("button", { type: "button", class: "button-quiet", hidden: true, onclick: () => void this.load(true) }, "加载更多");
    this.detail = h("section", { class: "admin-detail", "aria-label": "问题详情", hidden: true });
    this.element = h(
      "div",
      { class: "admin-questions" },
      h("div", { class: "admin-filters-slot" }, loadingNotice("正在加载文件列表…")),
      h(
        "table",
        { class: "admin-table" },
        h("thead", {}, h("tr", {}, ["时间", "问题", "结果", "反馈", "方式", "来源"].map((title) => h("th", { scope: "col" }, title)))),
        this.list,
      ),
      this.more,
      this.detail,
    );
  }

  /** Loads the filters (they list the documents) and the first page. */
  async show(): Promise<void> {
    if (!this.filters) {
      const documents = await this.api.documents().catch(() => []);
      this.filters = new QuestionFilters(documents, () => void this.load(false));
      this.element.querySelector(".admin-filters-slot")!.replaceChildren(this.filters.element);
    }
    await this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    if (!more) replaceChildren(this.list, h("tr", {}, h("td", { colspan: 6 }, loadingNotice())));
    try {
      const page = await this.admin.questions(this.filters?.query() ?? {}, more ? (this.next ?? undefined) : undefined);
      if (!more) replaceChildren(this.list);
      if (!more && page.items.length === 0) this.list.append(h("tr", {}, h("td", { colspan: 6, class: "admin-empty" }, "没有符合条件的问题。")));
      this.list.append(...page.items.map((item) => this.row(item)));
      this.next = page.next;
      this.more.hidden = page.next === null;
    } catch (error) {
      replaceChildren(this.list, h("tr", {}, h("td", { colspan: 6 }, errorNotice(toApiError(error).message))));
    }
  }

  private row(item: QuestionItem): HTMLElement {
    const documents = [...new Set(item.citations.map((citation) => citation.docTitle || citation.docId))];
    return h(
      "tr",
      { class: item.answerable ? "" : "is-refused" },
      h("td", {}, localTime(item.createdAt)),
      h("td", {}, h("button", { type: "button", class: "link-button", "data-answer-id": item.answerId, onclick: () => void this.open(item.answerId) }, item.question ?? "（未保存问题文本）")),
      h("td", {}, outcome(item)),
      h("td", {}, item.rating ? `${ratingText[item.rating]}${item.reason ? ` ${item.reason}` : ""}` : ""),
      h("td", {}, item.mode === "llm" ? "LLM" : "摘录"),
      h("td", { title: documents.join("、") }, item.client ?? item.channel),
    );
  }

  private async open(answerId: string): Promise<void> {
    this.detail.hidden = false;
    replaceChildren(this.detail, loadingNotice());
    try {
      const item = await this.admin.question(answerId);
      replaceChildren(
        this.detail,
        h("h3", {}, item.question ?? "（未保存问题文本）"),
        h("p", { class: "admin-detail-meta" }, `${localTime(item.createdAt)} · ${outcome(item)} · ${item.mode === "llm" ? "LLM" : "摘录"} · ${Math.round(item.latencyMs)} ms`),
        h("div", { class: "admin-answer" }, item.answer ?? "（未保存回答文本）"),
        item.rating && h("p", { class: "admin-feedback" }, `反馈：${ratingText[item.rating]} ${item.reason ?? ""} ${item.comment ?? ""}`.trim()),
        item.citations.length > 0 &&
          h(
            "ol",
            { class: "admin-citations" },
            item.citations.map((citation) =>
              h(
                "li",
                {},
                h("p", { class: "admin-citation-source" }, `[${citation.ref}]《${citation.docTitle}》${citation.path} ${citation.title ?? ""}`.trim()),
                h("p", { class: "admin-citation-units" }, citation.units.length ? `责任单位：${citation.units.join("、")}` : "未列明责任单位"),
                h("p", { class: "admin-citation-text" }, citation.text),
              ),
            ),
          ),
      );
      this.detail.scrollIntoView({ block: "nearest" });
    } catch (error) {
      replaceChildren(this.detail, errorNotice(toApiError(error).message));
    }
  }
}
