import { toApiError } from "../api-error.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "../dom.js";
import type { AdminApi } from "./admin-api.js";
import type { GapKind, GapReport } from "./admin-types.js";
import { localTime } from "./question-log-view.js";

const kindText: Record<GapKind, string> = { refused: "拒答", not_covered: "文件未规定", down: "👎 差评" };

function describeKinds(kinds: Record<GapKind, number>): string {
  return (Object.keys(kindText) as GapKind[])
    .filter((kind) => kinds[kind] > 0)
    .map((kind) => `${kindText[kind]} ${kinds[kind]}`)
    .join(" · ");
}

/**
 * 缺口报告: what callers asked that the documents did not answer (refused,
 * "not covered", 👎), grouped by topic, largest first, with examples.
 */
export class GapReportView {
  readonly element: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly body: HTMLElement;

  constructor(private readonly admin: AdminApi) {
    this.from = h("input", { type: "date", name: "from" });
    this.to = h("input", { type: "date", name: "to" });
    const form = h(
      "form",
      { class: "admin-filters" },
      h("label", { class: "admin-field" }, "起始日期", this.from),
      h("label", { class: "admin-field" }, "截止日期", this.to),
      h("button", { type: "submit", class: "button-primary" }, "生成报告"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.show();
    });
    this.body = h("div", { class: "admin-gaps" });
    this.element = h("div", {}, form, this.body);
  }

  /** Builds the report for the chosen dates. */
  async show(): Promise<void> {
    replaceChildren(this.body, loadingNotice("正在生成缺口报告…"));
    const query: Record<string, string> = {};
    if (this.from.value) query.from = this.from.value;
    if (this.to.value) query.to = this.to.value;
    try {
      this.render(await this.admin.gaps(query));
    } catch (error) {
      replaceChildren(this.body, errorNotice(toApiError(error).message));
    }
  }

  private render(report: GapReport): void {
    if (report.total === 0) {
      replaceChildren(this.body, h("p", { class: "admin-empty" }, "这段时间没有拒答或差评的问题。"));
      return;
    }
    replaceChildren(
      this.body,
      h("p", { class: "admin-summary" }, `共 ${report.total} 个问题未被文件回答好：${describeKinds(report.kinds)}`),
      report.withoutText > 0 && h("p", { class: "notice" }, `其中 ${report.withoutText} 个未保存问题文本（STORE_QUESTIONS=false），只计数不分组。`),
      h(
        "ol",
        { class: "gap-topics" },
        report.topics.map((topic) =>
          h(
            "li",
            { class: "gap-topic" },
            h("h3", { class: "gap-label" }, topic.label, h("span", { class: "gap-count" }, ` ${topic.count} 次`)),
            h("p", { class: "gap-meta" }, `${describeKinds(topic.kinds)} · 最近 ${localTime(topic.lastAskedAt)}`),
            h("ul", { class: "gap-examples" }, topic.examples.map((example) => h("li", {}, example.question, h("span", { class: "gap-kind" }, ` ${kindText[example.kind]}`)))),
          ),
        ),
      ),
    );
  }
}
