import { h } from "../dom.js";
import type { DocumentFields } from "./admin-api.js";
import type { CheckReport } from "./document-types.js";

const fieldLabels = { title: "标题", region: "地区", year: "年份" } as const;

function row(label: string, ...value: (Node | string)[]): HTMLElement {
  return h("div", { class: "check-row" }, h("dt", {}, label), h("dd", {}, ...value));
}

/** A list of short texts, or 无 when there are none. */
function listOrNone(items: readonly string[], limit = 30): string {
  if (items.length === 0) return "无";
  return items.length > limit ? `${items.slice(0, limit).join("、")} … 等 ${items.length} 项` : items.join("、");
}

/**
 * An upload's check, as `npm run ingest -- --check FILE` prints it: the
 * metadata read from the text, the counts, the units, roles and deadlines
 * found, and what was not understood. Below it, a form to give what is
 * missing and publish; a plan that cannot be indexed gets no Publish button.
 */
export function checkReportView(report: CheckReport, actions: { onPublish: (fields: DocumentFields) => void; onDiscard: () => void }): HTMLElement {
  const { metadata, diagnostics } = report;
  const summary = h(
    "dl",
    { class: "check-report" },
    row("文件", `${report.file}${report.format ? `（${report.format}）` : ""}`),
    report.replaces && row("将替换", `${report.replaces.title}（${report.replaces.id}）`),
    diagnostics && row("举措", `${diagnostics.measures} 项，共 ${report.clauses} 条条款，其中 ${diagnostics.clausesWithUnits} 条列明责任单位`),
    diagnostics && row("单位角色", `牵头 ${diagnostics.roles.lead} 条 · 责任 ${diagnostics.roles.responsible} 条 · 配合 ${diagnostics.roles.support} 条`),
    diagnostics && row("识别出的单位", listOrNone(report.units.map((unit) => `${unit.name}（${unit.clauses}）`))),
    diagnostics && row("完成时限", listOrNone(report.deadlines)),
    diagnostics && row("未列单位的举措", listOrNone(diagnostics.measuresWithoutUnits)),
    diagnostics && row("未能识别的括注", listOrNone(diagnostics.notUnderstood)),
  );
  if (report.error) {
    const where = report.error.line ? `第 ${report.error.line} 行：` : "";
    return h(
      "div",
      { class: "check-result" },
      summary,
      h("p", { class: "notice notice-error", role: "alert" }, `这份文件无法入库：${where}${report.error.reason}`),
      h("button", { type: "button", class: "button-quiet", onclick: actions.onDiscard }, "放弃"),
    );
  }

  const input = (name: keyof typeof fieldLabels | "id", value: string | number | null, required: boolean) =>
    h("input", { name, value: value === null ? "" : String(value), required, ...(name === "year" ? { type: "number", min: 2000, max: 2100 } : { type: "text" }) });
  const inputs = {
    id: input("id", metadata.id, false),
    title: input("title", metadata.title, true),
    region: input("region", metadata.region, true),
    year: input("year", metadata.year, true),
  };
  const form = h(
    "form",
    { class: "admin-filters publish-form" },
    h("label", { class: "admin-field" }, "文件编号（同编号即替换）", inputs.id),
    (["title", "region", "year"] as const).map((name) =>
      h("label", { class: `admin-field${report.missing.includes(name) ? " is-missing" : ""}` }, `${fieldLabels[name]}${report.missing.includes(name) ? "（正文中未找到，请填写）" : ""}`, inputs[name]),
    ),
    h("button", { type: "submit", class: "button-primary" }, report.replaces ? "发布并替换" : "发布"),
    h("button", { type: "button", class: "button-quiet", onclick: actions.onDiscard }, "放弃"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.onPublish({ id: inputs.id.value.trim(), title: inputs.title.value.trim(), region: inputs.region.value.trim(), year: inputs.year.value.trim() });
  });
  return h("div", { class: "check-result" }, summary, form);
}
