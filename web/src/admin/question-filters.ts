import type { DocumentInfo } from "../api-types.js";
import { h } from "../dom.js";
import type { QuestionQuery } from "./admin-api.js";

function select(name: string, label: string, options: [value: string, text: string][]): HTMLLabelElement {
  return h("label", { class: "admin-field" }, label, h("select", { name }, options.map(([value, text]) => h("option", { value }, text))));
}

/**
 * The question log's filters (the export uses the same): refused or not, 👍/👎,
 * document, mode and a date range. `query()` gives the chosen ones as URL parameters.
 */
export class QuestionFilters {
  readonly element: HTMLFormElement;

  constructor(documents: readonly DocumentInfo[], onChange: () => void, submitLabel = "筛选") {
    this.element = h(
      "form",
      { class: "admin-filters" },
      select("refused", "回答", [["", "全部"], ["true", "仅拒答"], ["false", "仅已回答"]]),
      select("rating", "反馈", [["", "全部"], ["down", "👎 差评"], ["up", "👍 好评"]]),
      select("docId", "文件", [["", "全部文件"], ...documents.map((document): [string, string] => [document.id, document.shortName])]),
      select("mode", "方式", [["", "全部"], ["extractive", "摘录"], ["llm", "LLM"]]),
      h("label", { class: "admin-field" }, "起始日期", h("input", { type: "date", name: "from" })),
      h("label", { class: "admin-field" }, "截止日期", h("input", { type: "date", name: "to" })),
      h("button", { type: "submit", class: "button-primary" }, submitLabel),
    );
    this.element.addEventListener("submit", (event) => {
      event.preventDefault();
      onChange();
    });
  }

  /** The chosen filters; empty ones are left out. */
  query(): QuestionQuery {
    const query: QuestionQuery = {};
    for (const [name, value] of new FormData(this.element)) if (typeof value === "string" && value) query[name] = value;
    return query;
  }
}
