import type { ApiClient } from "./api-client.js";
import { toApiError } from "./api-error.js";
import type { Clause, UnitMeasures, UnitSummary } from "./api-types.js";
import { clauseHeading, clauseText, unitTags } from "./clause-parts.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "./dom.js";
import { clauseHref, unitHref } from "./hash-route.js";
import { suggestUnits } from "./unit-suggestions.js";

/** How many of the busiest units to offer as one-click choices. */
const quickPickCount = 16;

/**
 * Everything one responsible unit must do, grouped by document: the view a
 * department uses to check its own tasks. The unit is in the URL
 * (`#/units/<name>`), so a result can be bookmarked or sent on.
 */
export class UnitView {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly datalist: HTMLDataListElement;
  private readonly quickPicks: HTMLElement;
  private readonly results: HTMLElement;
  private unitNamesLoading: Promise<void> | null = null;
  private unitNames: string[] = [];
  private shownUnit: string | null = null;
  // Guards against a slow earlier answer overwriting a later one.
  private requestNumber = 0;

  constructor(private readonly api: ApiClient) {
    this.datalist = h("datalist", { id: "unit-names" });
    this.input = h("input", { id: "unit-name", name: "unit", type: "search", list: "unit-names", autocomplete: "off", placeholder: "例如：行政审批局" });
    const form = h(
      "form",
      { class: "unit-form", role: "search" },
      h("label", { for: "unit-name" }, "责任单位"),
      h("div", { class: "unit-form-row" }, this.input, h("button", { type: "submit", class: "button-primary" }, "查询")),
      this.datalist,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = this.input.value.trim();
      if (name) location.hash = unitHref(name);
    });
    this.quickPicks = h("div", { class: "quick-picks" });
    this.results = h("div", { class: "unit-results", "aria-live": "polite" });
    this.element = h(
      "div",
      { class: "unit-view" },
      h("h2", { tabindex: "-1", id: "units-heading" }, "按责任单位查看措施"),
      h("p", { class: "lead" }, "输入或选择一个单位，查看各份行动方案中由它负责的全部措施。"),
      form,
      this.quickPicks,
      this.results,
    );
  }

  /** Shows the measures of `unit`, or the unit picker alone when it is null. */
  async show(unit: string | null): Promise<void> {
    this.unitNamesLoading ??= this.loadUnitNames();
    if (unit === this.shownUnit && unit !== null) return;
    this.shownUnit = unit;
    this.input.value = unit ?? "";
    if (!unit) {
      replaceChildren(this.results);
      return;
    }
    const request = ++this.requestNumber;
    replaceChildren(this.results, loadingNotice(`正在查询“${unit}”负责的措施…`));
    try {
      const measures = await this.api.unitMeasures(unit);
      if (request === this.requestNumber) this.renderMeasures(measures);
    } catch (error) {
      if (request !== this.requestNumber) return;
      const failure = toApiError(error);
      if (failure.status === 404) {
        await this.unitNamesLoading; // suggestions come from the unit list
        if (request === this.requestNumber) this.renderUnknownUnit(unit);
        return;
      }
      this.shownUnit = null; // let the same link retry
      replaceChildren(this.results, errorNotice(`查询失败：${failure.message}`));
    }
  }

  /** Focuses the unit box (after navigating here with the keyboard). */
  focusInput(): void {
    this.input.focus();
  }

  private async loadUnitNames(): Promise<void> {
    try {
      const units = await this.api.units();
      this.unitNames = units.map((unit) => unit.name);
      replaceChildren(this.datalist, units.map((unit) => h("option", { value: unit.name }, `${unit.clauseCount} 条`)));
      this.renderQuickPicks(units);
    } catch (error) {
      this.unitNamesLoading = null; // the next visit tries again
      replaceChildren(this.quickPicks, errorNotice(`单位列表加载失败：${toApiError(error).message}`));
    }
  }

  private renderQuickPicks(units: UnitSummary[]): void {
    const busiest = [...units].sort((left, right) => right.clauseCount - left.clauseCount).slice(0, quickPickCount);
    if (busiest.length === 0) return;
    replaceChildren(
      this.quickPicks,
      h("p", { class: "quick-picks-label", id: "quick-picks-label" }, `常见单位（共 ${units.length} 个单位）：`),
      h(
        "ul",
        { class: "unit-tags", "aria-labelledby": "quick-picks-label" },
        busiest.map((unit) => h("li", {}, h("a", { class: "unit-tag", href: unitHref(unit.name) }, unit.name, h("span", { class: "count" }, String(unit.clauseCount))))),
      ),
    );
  }

  private renderUnknownUnit(unit: string): void {
    const suggestions = suggestUnits(unit, this.unitNames);
    replaceChildren(
      this.results,
      h(
        "div",
        { class: "notice", role: "status" },
        h("p", {}, `没有找到名为“${unit}”的责任单位。`),
        suggestions.length > 0
          ? h("p", {}, "您要找的是不是：", suggestions.flatMap((name, index) => [index > 0 ? "、" : "", h("a", { href: unitHref(name) }, name)]))
          : h("p", {}, "请从输入框的下拉列表中选择文件所写的单位名称。"),
      ),
    );
  }

  private renderMeasures(measures: UnitMeasures): void {
    const total = measures.groups.reduce((sum, group) => sum + group.clauses.length, 0);
    if (total === 0) {
      replaceChildren(this.results, h("p", { class: "notice" }, `没有找到由“${measures.name}”负责的措施。请从列表中选择单位的全称，如“行政审批局”。`));
      return;
    }
    replaceChildren(
      this.results,
      h("h3", { class: "unit-summary" }, `${measures.name}：共 ${total} 条措施，涉及 ${measures.groups.length} 份文件`),
      measures.groups.map((group) =>
        h(
          "section",
          { class: "unit-group" },
          h("h4", { class: "unit-group-heading" }, `《${group.docShortName || group.docTitle}》`, h("small", {}, ` ${group.docTitle} · ${group.clauses.length} 条`)),
          h("ol", { class: "clause-list" }, group.clauses.map((clause) => h("li", {}, this.clauseCard(clause, measures.name)))),
        ),
      ),
    );
  }

  private clauseCard(clause: Clause, unit: string): HTMLElement {
    return h(
      "article",
      { class: "clause-card" },
      h("h5", { class: "clause-heading" }, clauseHeading(clause.path, clause.title)),
      clauseText(clause.text),
      unitTags(clause.units, clause.leadUnits, unit),
      h("p", { class: "clause-link" }, h("a", { href: clauseHref(clause.docId, clause.clauseId) }, "在文件中查看 →")),
    );
  }
}
