import type { ApiError } from "./api-error.js";
import type { ChatResponse, Citation } from "./api-types.js";
import { describeAnswerMeta } from "./answer-meta.js";
import { splitAnswer } from "./answer-segments.js";
import type { CitationPanel, PanelOwner } from "./citation-panel.js";
import { copyToClipboard } from "./clipboard.js";
import { formatAnswerForCopy, partitionCitations, unitsLine, unitsStatedIn } from "./copy-answer.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { h, replaceChildren } from "./dom.js";

/**
 * One answer in the conversation, from the first streamed character to the
 * final state: answered (chips, reference list, mode and time, copy button),
 * related (the documents do not set what was asked, but name related
 * measures: chips and references, marked apart from an answer, and where to
 * ask), refused (a hint where to ask instead), or failed (an error sentence,
 * with whatever text had arrived kept above it). The citation panel shows
 * this answer's clauses only, and says whose they are.
 */
export class AnswerView implements PanelOwner {
  readonly element: HTMLElement;
  private readonly labelElement: HTMLElement;
  private readonly body: HTMLElement;
  private readonly footer: HTMLElement;
  private citations = new Map<number, Citation>();
  private text = "";
  private renderScheduled = false;

  constructor(
    private readonly panel: CitationPanel,
    private readonly catalog: DocumentCatalog,
    private readonly onRetry: () => void,
    /** `第 2 问`: how the citation panel names this answer. */
    readonly label = "本回答",
  ) {
    this.labelElement = h("p", { class: "answer-label" }, "企问");
    // Busy while streaming: screen readers then read the answer once, when
    // it is complete, instead of every fragment as it arrives.
    this.body = h("div", { class: "answer-body", "aria-live": "polite", "aria-busy": "true" }, h("span", { class: "typing" }, "正在检索条款…"));
    this.footer = h("div", { class: "answer-footer" });
    this.element = h("article", { class: "answer is-streaming" }, this.labelElement, this.body, this.footer);
  }

  /** The clauses the answer will cite: known before the text so chips work while it streams. */
  setCitations(citations: readonly Citation[]): void {
    this.citations = new Map(citations.map((citation) => [citation.ref, citation]));
    this.scheduleRender();
  }

  /** The answer so far. Rendering is batched per frame: deltas can arrive faster than paint. */
  setText(text: string): void {
    this.text = text;
    this.scheduleRender();
  }

  /** The final answer from the server replaces whatever was streamed. */
  finish(response: ChatResponse): void {
    const cites = response.answerable || response.related;
    this.text = response.answer;
    this.citations = new Map(cites ? response.citations.map((citation) => [citation.ref, citation]) : []);
    // A clause opened while the answer streamed stays only if the final answer still cites it under that number.
    const shown = [...this.citations.values()].some((citation) => this.panel.isShowing(this, citation.clauseId));
    if (this.panel.isShowing(this) && !shown) this.panel.reset();
    this.renderBody();
    this.body.setAttribute("aria-busy", "false");
    this.element.classList.remove("is-streaming");
    if (response.related) {
      this.element.classList.add("is-related");
      this.labelElement.textContent = "文件未作规定 · 相关举措";
    } else if (!response.answerable) {
      this.element.classList.add("is-refused");
      this.labelElement.textContent = "无法依据现有文件回答";
    }
    const copyStatus = h("span", { class: "copy-status", role: "status" });
    const copyButton = h(
      "button",
      {
        type: "button",
        class: "button-quiet copy-answer",
        onclick: async () => {
          const copied = await copyToClipboard(formatAnswerForCopy(response, (docId) => this.catalog.shortNameOf(docId)));
          copyStatus.textContent = copied ? "已复制，可粘贴到工单" : "复制失败，请手动选择文字复制";
          window.setTimeout(() => (copyStatus.textContent = ""), 4000);
        },
      },
      "复制答案",
    );
    replaceChildren(
      this.footer,
      !response.answerable &&
        h(
          "p",
          { class: response.related ? "refusal-hint related-hint" : "refusal-hint" },
          "其他咨询渠道：拨打 ",
          // A tel: link dials straight away on the phones enterprises ask from.
          h("a", { href: "tel:12345" }, "12345"),
          " 政务服务便民热线，或通过“一企来”企业服务平台咨询。",
        ),
      cites && this.citations.size > 0 && this.citationList(),
      h("div", { class: "answer-actions" }, h("p", { class: "answer-meta" }, describeAnswerMeta(response.mode, response.timings.totalMs)), copyButton, copyStatus),
    );
  }

  /** Shows why the answer stopped; text already streamed stays readable. */
  fail(error: ApiError): void {
    this.body.setAttribute("aria-busy", "false");
    this.element.classList.remove("is-streaming");
    this.element.classList.add("is-failed");
    if (this.text) this.renderBody();
    else replaceChildren(this.body);
    const canRetry = error.code !== "aborted" && error.status !== 400;
    replaceChildren(
      this.footer,
      h("p", { class: "notice notice-error", role: "alert" }, error.message),
      canRetry && h("button", { type: "button", class: "button-quiet", onclick: () => this.onRetry() }, "重试"),
    );
  }

  private scheduleRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      if (this.element.classList.contains("is-streaming")) this.renderBody();
    });
  }

  private renderBody(): void {
    if (!this.text) return;
    const knownRefs = new Set(this.citations.keys());
    replaceChildren(
      this.body,
      splitAnswer(this.text, knownRefs).map((segment) => (segment.kind === "text" ? segment.text : this.chip(segment.ref))),
    );
  }

  private chip(ref: number): HTMLButtonElement {
    const citation = this.citations.get(ref);
    const description = citation ? this.describe(citation) : "";
    return h(
      "button",
      { type: "button", class: "chip", "data-ref": ref, "aria-label": `引用 ${ref}：${description}`, title: description, onclick: (event: Event) => this.open(ref, event) },
      String(ref),
    );
  }

  private citationList(): HTMLElement {
    const { cited, related } = partitionCitations(this.text, [...this.citations.values()]);
    return h(
      "section",
      { class: "citations", "aria-label": "参考条款" },
      h("h3", { class: "citations-heading" }, "参考条款"),
      h("ol", { class: "citation-list" }, cited.map((citation) => this.citationItem(citation))),
      // Retrieved but not quoted: still worth a look for the agent, kept apart so they are not read as sources.
      related.length > 0 && h("h3", { class: "citations-heading" }, "其他相关条款"),
      related.length > 0 && h("ol", { class: "citation-list is-related" }, related.map((citation) => this.citationItem(citation))),
    );
  }

  private citationItem(citation: Citation): HTMLElement {
    return h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "citation-item", "data-ref": citation.ref, onclick: (event: Event) => this.open(citation.ref, event) },
        h("span", { class: "ref-badge" }, `[${citation.ref}]`),
        h("span", { class: "citation-source" }, this.describe(citation)),
        // Units the answer text already names are not repeated here: each is shown once.
        !unitsStatedIn(this.text, citation) && h("span", { class: "citation-units" }, unitsLine(citation)),
      ),
    );
  }

  private describe(citation: Citation): string {
    const name = this.catalog.shortNameOf(citation.docId) ?? citation.docTitle;
    return [`《${name}》`, citation.path, citation.title].filter(Boolean).join(" ");
  }

  private open(ref: number, event: Event): void {
    const citation = this.citations.get(ref);
    if (citation) this.panel.show(citation, this.text, this, event.currentTarget as HTMLElement);
  }
}
