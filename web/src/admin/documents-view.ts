import { toApiError } from "../api-error.js";
import { errorNotice, h, loadingNotice, replaceChildren } from "../dom.js";
import type { AdminApi, DocumentFields } from "./admin-api.js";
import { checkReportView } from "./check-report-view.js";
import { parseCheckReport, parseJobOutcome, type AdminDocument, type AdminJob } from "./document-types.js";
import { followJob, progressView } from "./job-progress.js";

/** The formats ingest reads, for the file picker. */
const acceptedFormats = ".txt,.md,.markdown,.html,.htm,.docx,.pdf";

const jobWords = { check: "检查", publish: "发布", remove: "删除" } as const;

/**
 * 文件管理: the catalog's documents with their counts in the served index;
 * an upload form whose check report is shown before a Publish button;
 * progress while a publish or removal runs; Replace (upload a new version
 * under the same id) and Remove on each document.
 */
export class DocumentsView {
  readonly element: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly listStatus: HTMLElement;
  private readonly work: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly fieldInputs: Record<keyof DocumentFields, HTMLInputElement>;
  private readonly replaceNote: HTMLElement;
  private busy = false;

  constructor(private readonly admin: AdminApi) {
    this.rows = h("tbody", {});
    this.listStatus = h("div", { class: "admin-list-status" });
    this.work = h("section", { class: "admin-detail document-work", "aria-label": "上传与发布", hidden: true });
    this.fileInput = h("input", { type: "file", name: "file", accept: acceptedFormats, required: true });
    this.fieldInputs = {
      id: h("input", { type: "text", name: "id", placeholder: "自动生成", pattern: "[a-z0-9-]+" }),
      title: h("input", { type: "text", name: "title", placeholder: "从正文识别" }),
      region: h("input", { type: "text", name: "region", placeholder: "从正文识别" }),
      year: h("input", { type: "number", name: "year", min: 2000, max: 2100, placeholder: "从正文识别" }),
    };
    this.replaceNote = h("p", { class: "admin-summary", hidden: true });
    const form = h(
      "form",
      { class: "admin-filters upload-form" },
      h("label", { class: "admin-field" }, "方案文件（.txt .md .html .docx .pdf）", this.fileInput),
      h("label", { class: "admin-field" }, "文件编号", this.fieldInputs.id),
      h("label", { class: "admin-field" }, "标题", this.fieldInputs.title),
      h("label", { class: "admin-field" }, "地区", this.fieldInputs.region),
      h("label", { class: "admin-field" }, "年份", this.fieldInputs.year),
      h("button", { type: "submit", class: "button-primary" }, "上传并检查"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.upload();
    });
    this.element = h(
      "div",
      { class: "admin-documents" },
      h("h2", { class: "admin-heading" }, "上传方案"),
      this.replaceNote,
      form,
      this.work,
      h("h2", { class: "admin-heading" }, "已收录的文件"),
      this.listStatus,
      h("table", { class: "admin-table" }, h("thead", {}, h("tr", {}, ["编号", "标题", "地区", "年份", "格式", "举措", "条款", "状态", ""].map((title) => h("th", { scope: "col" }, title)))), this.rows),
    );
  }

  /** Loads the list; follows a publish or removal still running (after a reload). */
  async show(): Promise<void> {
    const listing = await this.refresh();
    if (listing?.job && !this.busy) void this.follow(listing.job.id);
  }

  private async refresh() {
    replaceChildren(this.listStatus, loadingNotice("正在加载文件列表…"));
    try {
      const listing = await this.admin.documents();
      replaceChildren(this.listStatus, listing.indexVersion ? h("p", { class: "admin-summary" }, `共 ${listing.documents.length} 份文件，索引版本 ${listing.indexVersion}`) : errorNotice("索引尚未建立。"));
      replaceChildren(this.rows, listing.documents.map((document) => this.row(document)));
      return listing;
    } catch (error) {
      replaceChildren(this.listStatus, errorNotice(toApiError(error).message));
      return null;
    }
  }

  private row(document: AdminDocument): HTMLElement {
    return h(
      "tr",
      { "data-doc-id": document.id },
      h("td", {}, document.id),
      h("td", {}, document.title),
      h("td", {}, document.region),
      h("td", {}, document.year ?? "—"),
      h("td", {}, document.format ?? "—"),
      h("td", {}, document.measures ?? "—"),
      h("td", {}, document.clauses ?? "—"),
      h("td", {}, document.indexed ? "已入库" : "未入库"),
      h(
        "td",
        { class: "row-actions" },
        h("button", { type: "button", class: "link-button", onclick: () => this.prepareReplace(document) }, "替换"),
        h("button", { type: "button", class: "link-button danger", onclick: () => void this.remove(document) }, "删除"),
      ),
    );
  }

  private prepareReplace(document: AdminDocument): void {
    this.fieldInputs.id.value = document.id;
    this.replaceNote.hidden = false;
    this.replaceNote.textContent = `替换《${document.title}》：选择新版本文件后上传，检查无误再发布；编号保持 ${document.id}。`;
    this.fileInput.focus();
  }

  private showWork(...children: (Node | string | null | false)[]): void {
    this.work.hidden = false;
    replaceChildren(this.work, ...children);
  }

  private async upload(): Promise<void> {
    const file = this.fileInput.files?.[0];
    if (!file || this.busy) return;
    const fields = Object.fromEntries(Object.entries(this.fieldInputs).map(([name, input]) => [name, input.value.trim()])) as DocumentFields;
    this.showWork(loadingNotice(`正在上传 ${file.name}…`));
    try {
      const { jobId } = await this.admin.uploadDocument(file, fields);
      const job = await followJob(this.admin, jobId, (current) => this.showWork(h("h3", {}, file.name), progressView(current)));
      if (job.state === "failed") return this.showWork(errorNotice(`检查失败：${job.error?.message ?? "原因不明"}`));
      const report = parseCheckReport(job.report);
      this.showWork(
        h("h3", {}, `检查结果：${report.file}`),
        checkReportView(report, { onPublish: (publishFields) => void this.publish(report.uploadId, publishFields), onDiscard: () => this.reset() }),
      );
    } catch (error) {
      this.showWork(errorNotice(`上传失败：${toApiError(error).message}`));
    }
  }

  private async publish(uploadId: string, fields: DocumentFields): Promise<void> {
    try {
      const { jobId } = await this.admin.publish(uploadId, fields);
      await this.follow(jobId);
    } catch (error) {
      this.showWork(errorNotice(`发布失败：${toApiError(error).message}`));
    }
  }

  private async remove(document: AdminDocument): Promise<void> {
    if (this.busy || !window.confirm(`删除《${document.title}》（${document.id}）？删除后重建索引，问答将不再引用这份文件。`)) return;
    try {
      const { jobId } = await this.admin.removeDocument(document.id);
      await this.follow(jobId);
    } catch (error) {
      this.showWork(errorNotice(`删除失败：${toApiError(error).message}`));
    }
  }

  /** Shows a publish or removal's progress until it ends, then its outcome and the new list. */
  private async follow(jobId: string): Promise<void> {
    this.busy = true;
    try {
      const job = await followJob(this.admin, jobId, (current) => this.showWork(h("h3", {}, `正在${jobWords[current.kind]}`), progressView(current)));
      this.showWork(this.outcome(job));
      if (job.state === "done") this.reset(false);
    } catch (error) {
      this.showWork(errorNotice(toApiError(error).message));
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  private outcome(job: AdminJob): HTMLElement {
    const words = jobWords[job.kind];
    if (job.state === "failed") return errorNotice(`${words}失败，原来的文件和索引保持不变：${job.error?.message ?? "原因不明"}`);
    const outcome = parseJobOutcome(job.report);
    if (outcome.removed) return h("p", { class: "notice job-done", role: "status" }, `已删除《${outcome.title}》，索引已更新。`);
    return h("p", { class: "notice job-done", role: "status" }, `${outcome.replaced ? "已替换" : "已发布"}《${outcome.title}》：${outcome.clauses ?? 0} 条条款已入库，问答即刻可用。`);
  }

  private reset(hideWork = true): void {
    this.fileInput.value = "";
    for (const input of Object.values(this.fieldInputs)) input.value = "";
    this.replaceNote.hidden = true;
    if (hideWork) this.work.hidden = true;
  }
}
