import type { DocumentInfo } from "../api-types.js";
import { toApiError } from "../api-error.js";
import { h } from "../dom.js";
import type { AdminApi } from "./admin-api.js";
import { QuestionFilters } from "./question-filters.js";

/** 导出: the question log, filtered, as a CSV (opens in Excel) or JSONL file. */
export class ExportView {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private format: "csv" | "jsonl" = "csv";

  constructor(
    private readonly admin: AdminApi,
    documents: readonly DocumentInfo[],
  ) {
    const filters = new QuestionFilters(documents, () => void this.download(filters), "导出");
    const formatChoice = (value: "csv" | "jsonl", label: string) =>
      h("label", { class: "check" }, h("input", { type: "radio", name: "format", value, checked: value === "csv", onchange: () => (this.format = value) }), label);
    this.status = h("p", { class: "admin-status", role: "status" });
    this.element = h("div", { class: "admin-export" }, h("fieldset", { class: "admin-formats" }, h("legend", {}, "格式"), formatChoice("csv", "CSV（Excel）"), formatChoice("jsonl", "JSONL")), filters.element, this.status);
  }

  private async download(filters: QuestionFilters): Promise<void> {
    this.status.textContent = "正在导出…";
    try {
      const { blob, fileName } = await this.admin.export(filters.query(), this.format);
      const link = h("a", { href: URL.createObjectURL(blob), download: fileName });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.status.textContent = `已导出 ${fileName}`;
    } catch (error) {
      this.status.textContent = `导出失败：${toApiError(error).message}`;
    }
  }
}
