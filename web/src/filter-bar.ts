import type { ChatFilters, DocumentInfo } from "./api-types.js";
import type { DocumentCatalog } from "./document-catalog.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "./dom.js";
import { toApiError } from "./api-error.js";

/**
 * Narrows the chat to some districts or documents. Collapsed by default (most
 * questions need no filter); the summary line always says what is selected
 * so a filtered answer is never mistaken for a complete one.
 */
export class FilterBar {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly content: HTMLElement;
  private regionBoxes: HTMLInputElement[] = [];
  private documentBoxes: HTMLInputElement[] = [];

  constructor(private readonly catalog: DocumentCatalog) {
    this.summary = h("summary", {}, "检索范围：全部文件");
    this.content = h("div", { class: "filter-content" }, loadingNotice("正在加载文件列表…"));
    this.element = h("details", { class: "filters" }, this.summary, this.content);
    this.content.addEventListener("change", () => this.updateSummary());
    // Retry a failed load when the user opens the filters.
    this.element.addEventListener("toggle", () => {
      if (this.element.open && this.regionBoxes.length === 0) void this.populate();
    });
    void this.populate();
  }

  /** The current selection, or undefined when nothing is narrowed. */
  current(): ChatFilters | undefined {
    const regions = this.regionBoxes.filter((box) => box.checked).map((box) => box.value);
    const docIds = this.documentBoxes.filter((box) => box.checked).map((box) => box.value);
    if (regions.length === 0 && docIds.length === 0) return undefined;
    return { ...(regions.length ? { regions } : {}), ...(docIds.length ? { docIds } : {}) };
  }

  private async populate(): Promise<void> {
    try {
      this.render(await this.catalog.load());
    } catch (error) {
      replaceChildren(this.content, errorNotice(`文件列表加载失败：${toApiError(error).message}`));
    }
  }

  private render(documents: DocumentInfo[]): void {
    const regions = [...new Set(documents.map((document) => document.region).filter(Boolean))];
    this.regionBoxes = regions.map((region) => h("input", { type: "checkbox", name: "region", value: region }));
    this.documentBoxes = documents.map((document) => h("input", { type: "checkbox", name: "docId", value: document.id }));
    const option = (box: HTMLInputElement, ...label: (string | HTMLElement)[]) => h("label", { class: "check" }, box, h("span", {}, ...label));
    replaceChildren(
      this.content,
      h("fieldset", {}, h("legend", {}, "区域"), this.regionBoxes.map((box) => option(box, box.value))),
      h(
        "fieldset",
        {},
        h("legend", {}, "文件"),
        documents.map((document, index) =>
          option(this.documentBoxes[index]!, document.shortName, h("small", {}, ` ${document.title}`)),
        ),
      ),
      h("button", { type: "button", class: "button-quiet", onclick: () => this.clear() }, "清除筛选"),
    );
    this.updateSummary();
  }

  private clear(): void {
    for (const box of [...this.regionBoxes, ...this.documentBoxes]) box.checked = false;
    this.updateSummary();
  }

  private updateSummary(): void {
    const regions = this.regionBoxes.filter((box) => box.checked).map((box) => box.value);
    const documents = this.documentBoxes.filter((box) => box.checked).map((box) => this.catalog.shortNameOf(box.value) ?? box.value);
    const parts = [...regions, ...documents];
    this.summary.textContent = parts.length ? `检索范围：${parts.join("、")}` : "检索范围：全部文件";
    this.element.classList.toggle("is-narrowed", parts.length > 0);
  }
}
