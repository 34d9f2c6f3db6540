import type { ApiClient } from "./api-client.js";
import { toApiError } from "./api-error.js";
import type { Clause, DocumentInfo } from "./api-types.js";
import { clauseHeading, clauseText, unitTags } from "./clause-parts.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { buildDocumentTree, clauseLabel, ownClauses, type TreeItem } from "./document-tree.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "./dom.js";
import { clauseHref, formatRoute } from "./hash-route.js";

/**
 * The corpus's documents, readable whole: a list of documents, then the chosen
 * one as an outline (headings → clauses) beside its full text with each
 * clause's units. `#/doc/<docId>/<clauseId>` opens a document scrolled to a
 * clause, which is how the citation panel's "全文" link lands here.
 */
export class DocumentBrowser {
  readonly element: HTMLElement;
  private readonly documentList: HTMLElement;
  private readonly reader: HTMLElement;
  private readonly clauseElements = new Map<string, HTMLElement>();
  private readonly outlineLinks = new Map<string, HTMLElement>();
  private shownDocId: string | null = null;
  private requestNumber = 0;
  private readonly loaded = new Map<string, { document: DocumentInfo; clauses: Clause[] }>();

  constructor(
    private readonly api: ApiClient,
    private readonly catalog: DocumentCatalog,
  ) {
    this.documentList = h("nav", { class: "doc-list", "aria-label": "文件列表" });
    this.reader = h("div", { class: "doc-reader" });
    this.element = h(
      "div",
      { class: "document-browser" },
      h("h2", { class: "visually-hidden", tabindex: "-1", id: "docs-heading" }, "文件浏览"),
      this.documentList,
      this.reader,
    );
  }

  /** Shows the document list, a document, or a document scrolled to one clause. */
  async show(docId: string | null, clauseId: string | null): Promise<void> {
    await this.renderDocumentList(docId);
    if (!docId) {
      this.shownDocId = null;
      await this.renderOverview();
      return;
    }
    if (docId !== this.shownDocId) {
      const request = ++this.requestNumber;
      replaceChildren(this.reader, loadingNotice("正在加载文件…"));
      try {
        const content = this.loaded.get(docId) ?? (await this.api.documentClauses(docId));
        if (request !== this.requestNumber) return;
        this.loaded.set(docId, content);
        this.renderDocument(content.document, content.clauses);
        this.shownDocId = docId;
      } catch (error) {
        if (request !== this.requestNumber) return;
        this.shownDocId = null;
        replaceChildren(this.reader, errorNotice(`文件加载失败：${toApiError(error).message}`));
        return;
      }
    }
    this.revealClause(clauseId);
  }

  private async renderDocumentList(currentDocId: string | null): Promise<void> {
    let documents: DocumentInfo[];
    try {
      documents = await this.catalog.load();
    } catch (error) {
      replaceChildren(this.documentList, errorNotice(`文件列表加载失败：${toApiError(error).message}`));
      return;
    }
    replaceChildren(
      this.documentList,
      h(
        "ul",
        {},
        documents.map((document) =>
          h(
            "li",
            {},
            h(
              "a",
              { href: formatRoute({ view: "docs", docId: document.id, clauseId: null }), "aria-current": document.id === currentDocId ? "page" : false },
              h("span", { class: "doc-list-name" }, document.shortName),
              h("span", { class: "doc-list-region" }, document.region),
            ),
          ),
        ),
      ),
    );
  }

  private async renderOverview(): Promise<void> {
    let documents: DocumentInfo[];
    try {
      documents = await this.catalog.load();
    } catch {
      replaceChildren(this.reader);
      return; // the list above already says why
    }
    replaceChildren(
      this.reader,
      h("p", { class: "lead" }, "选择一份行动方案阅读全文。每条措施都列出责任单位，点击单位可查看它负责的全部措施。"),
      h(
        "ul",
        { class: "doc-cards" },
        documents.map((document) =>
          h(
            "li",
            {},
            h(
              "a",
              { class: "doc-card", href: formatRoute({ view: "docs", docId: document.id, clauseId: null }) },
              h("span", { class: "doc-card-title" }, document.title),
              h("span", { class: "doc-card-meta" }, this.describeDocument(document)),
            ),
          ),
        ),
      ),
    );
  }

  private describeDocument(document: DocumentInfo): string {
    return [
      document.shortName,
      document.region,
      document.issuer,
      document.docNumber,
      document.date,
      `${document.clauseCount} 条，其中 ${document.clausesWithUnits} 条列明责任单位`,
    ]
      .filter(Boolean)
      .join(" · ");
  }

  private renderDocument(document: DocumentInfo, clauses: Clause[]): void {
    this.clauseElements.clear();
    this.outlineLinks.clear();
    const tree = buildDocumentTree(clauses);
    const outline = h(
      "details",
      { class: "toc", open: window.matchMedia("(min-width: 960px)").matches },
      h("summary", {}, "目录"),
      h("nav", { "aria-label": "目录" }, this.outlineList(tree)),
    );
    const body = h("div", { class: "doc-body" }, tree.flatMap((item) => this.renderItem(item, 3)));
    replaceChildren(
      this.reader,
      h("header", { class: "doc-header" }, h("h2", { class: "doc-title", tabindex: "-1" }, document.title), h("p", { class: "doc-meta" }, this.describeDocument(document))),
      h("div", { class: "doc-layout" }, outline, body),
    );
  }

  private outlineList(items: TreeItem[]): HTMLElement {
    return h(
      "ol",
      {},
      items.map((item) => {
        if (item.kind === "clause") return h("li", {}, this.outlineLink([item.clause], clauseLabel(item.clause)));
        const own = ownClauses(item.node);
        const rest = item.node.children.slice(own.length);
        const label = own.length > 0 ? this.outlineLink(own, item.node.heading) : h("span", { class: "toc-heading" }, item.node.heading);
        return h("li", {}, label, rest.length > 0 && this.outlineList(rest));
      }),
    );
  }

  private outlineLink(clauses: Clause[], label: string): HTMLElement {
    const first = clauses[0]!;
    const link = h("a", { href: clauseHref(first.docId, first.clauseId) }, label);
    for (const clause of clauses) this.outlineLinks.set(clause.clauseId, link);
    return link;
  }

  private renderItem(item: TreeItem, level: number): HTMLElement[] {
    if (item.kind === "clause") return [this.clauseArticle(item.clause, true)];
    const own = ownClauses(item.node);
    // A measure heading that only repeats its clauses' title would print the title twice.
    if (own.length === item.node.children.length) return own.map((clause) => this.clauseArticle(clause, true));
    const headingTag = (level <= 3 ? "h3" : level === 4 ? "h4" : level === 5 ? "h5" : "h6") as "h3";
    return [
      h(
        "section",
        { class: `doc-section level-${Math.min(level, 6)}` },
        h(headingTag, { class: "doc-heading" }, item.node.heading),
        // The heading just above already gives the title of its own paragraphs.
        own.map((clause) => this.clauseArticle(clause, false)),
        item.node.children.slice(own.length).flatMap((child) => this.renderItem(child, level + 1)),
      ),
    ];
  }

  private clauseArticle(clause: Clause, withTitle: boolean): HTMLElement {
    const title = withTitle && !clause.path.includes(clause.title ?? "") ? clause.title : null;
    const article = h(
      "article",
      { class: "clause-card", tabindex: "-1", "data-clause-id": clause.clauseId },
      (clause.path || title) && h("p", { class: "clause-heading" }, clauseHeading(clause.path, title)),
      clauseText(clause.text),
      // A preamble or general requirement has no units by nature; saying so on each would be noise.
      (clause.kind !== "general" || clause.units.length > 0) && unitTags(clause.units, clause.leadUnits),
    );
    this.clauseElements.set(clause.clauseId, article);
    return article;
  }

  private revealClause(clauseId: string | null): void {
    for (const element of this.clauseElements.values()) element.classList.remove("is-target");
    for (const link of this.outlineLinks.values()) link.removeAttribute("aria-current");
    if (!clauseId) {
      window.scrollTo({ top: 0 });
      return;
    }
    const target = this.clauseElements.get(clauseId);
    if (!target) {
      this.reader.prepend(errorNotice("链接中的条款在该文件中不存在，已显示文件全文。"));
      return;
    }
    target.classList.add("is-target");
    const link = this.outlineLinks.get(clauseId);
    if (link) {
      link.setAttribute("aria-current", "location");
      link.scrollIntoView({ block: "nearest" });
    }
    // Focus too, so a keyboard or screen-reader user continues reading from the clause.
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }
}
