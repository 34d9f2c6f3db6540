import type { Citation } from "./api-types.js";
import { clauseHeading, clauseText, unitTags } from "./clause-parts.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { h, replaceChildren } from "./dom.js";
import { clauseHref } from "./hash-route.js";

/** An answer the panel can show clauses for: its element (marked while the panel shows its clause) and how to name it. */
export interface PanelOwner {
  readonly element: HTMLElement;
  /** `第 2 问`: which answer the panel's clause belongs to. */
  readonly label: string;
}

/**
 * The side panel that shows one cited clause next to the conversation: the
 * source and the answer on one screen. On a wide screen it sits beside the
 * chat with a hint until a citation is opened; on a phone it covers the
 * chat while open (CSS decides, via `is-open`).
 */
export class CitationPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly closeButton: HTMLButtonElement;
  // Where focus was when the panel opened, so closing returns the keyboard user there.
  private opener: HTMLElement | null = null;
  // The answer whose clause is showing, and which clause: the panel belongs to one answer at a time.
  private owner: PanelOwner | null = null;
  private shownClauseId: string | null = null;

  constructor(private readonly catalog: DocumentCatalog) {
    this.heading = h("h2", { class: "panel-heading", tabindex: "-1", id: "citation-panel-heading" }, "条款原文");
    this.closeButton = h("button", { type: "button", class: "button-quiet panel-close", hidden: true, onclick: () => this.close() }, "关闭");
    this.body = h("div", { class: "panel-body" });
    this.element = h(
      "aside",
      { class: "citation-panel", "aria-labelledby": "citation-panel-heading" },
      h("div", { class: "panel-header" }, this.heading, this.closeButton),
      this.body,
    );
    this.element.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
    this.showPlaceholder();
  }

  /** Whether a clause is showing. */
  get isOpen(): boolean {
    return this.element.classList.contains("is-open");
  }

  /** Whether the panel is showing a clause of `owner`'s answer (`clauseId`: that clause). */
  isShowing(owner: PanelOwner, clauseId?: string): boolean {
    return this.isOpen && this.owner === owner && (clauseId === undefined || this.shownClauseId === clauseId);
  }

  /**
   * Shows a clause cited by `owner`'s answer, highlighting the sentences
   * `answer` used, marks that answer as the one the panel belongs to, and
   * moves focus to the panel.
   */
  show(citation: Citation, answer: string, owner: PanelOwner, opener?: HTMLElement): void {
    this.opener = opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    this.setOwner(owner, citation.clauseId);
    const document_ = this.catalog.get(citation.docId);
    const shortName = document_?.shortName;
    const title = citation.docTitle || document_?.title || citation.docId;
    replaceChildren(
      this.body,
      h("p", { class: "panel-owner" }, `${owner.label}的引用`),
      h(
        "p",
        { class: "panel-source" },
        h("span", { class: "ref-badge" }, `[${citation.ref}]`),
        ` 《${title}》`,
        shortName && shortName !== title && h("span", { class: "doc-short" }, shortName),
      ),
      citation.region && h("p", { class: "panel-region" }, `区域：${citation.region}`),
      h("h3", { class: "panel-clause-heading" }, clauseHeading(citation.path, citation.title)),
      h("p", { class: "panel-legend" }, h("mark", {}, "高亮"), " 为回答所引用的句子"),
      clauseText(citation.text, answer),
      h("h3", { class: "panel-subheading" }, "责任单位"),
      unitTags(citation.units, citation.leadUnits),
      h("p", { class: "panel-link" }, h("a", { href: clauseHref(citation.docId, citation.clauseId) }, "在文件中查看全文 →")),
    );
    this.element.classList.add("is-open");
    this.closeButton.hidden = false;
    this.element.scrollTop = 0;
    this.heading.focus({ preventScroll: window.matchMedia("(min-width: 960px)").matches });
  }

  /** Hides the clause and returns focus to whatever opened it. */
  close(): void {
    const returnTo = this.opener;
    this.opener = null;
    this.showPlaceholder();
    if (returnTo?.isConnected) returnTo.focus();
  }

  /** Empties the panel without moving focus (a new conversation). */
  reset(): void {
    this.opener = null;
    this.showPlaceholder();
  }

  private setOwner(owner: PanelOwner | null, clauseId: string | null): void {
    this.owner?.element.classList.remove("is-panel-source");
    this.owner = owner;
    this.shownClauseId = clauseId;
    owner?.element.classList.add("is-panel-source");
  }

  private showPlaceholder(): void {
    this.setOwner(null, null);
    this.element.classList.remove("is-open");
    this.closeButton.hidden = true;
    replaceChildren(this.body, h("p", { class: "panel-placeholder" }, "点击回答中的编号，如 ", h("span", { class: "chip chip-sample" }, "1"), "，在这里查看条款原文和责任单位。"));
  }
}
