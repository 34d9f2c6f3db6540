import { h } from "../dom.js";
import type { AdminApi } from "./admin-api.js";
import type { AdminJob } from "./document-types.js";

/** How often a running job is asked for its progress. */
const POLL_MS = 400;

/** The stages a job reports, in words. */
const stageText: Record<string, string> = {
  queued: "排队中",
  starting: "开始",
  check: "正在检查文件",
  catalog: "正在写入文件目录",
  parse: "正在解析全部文件",
  embed: "正在生成向量",
  write: "正在写入新索引",
  switch: "正在切换到新索引",
  restore: "失败，正在恢复原来的文件目录",
  done: "完成",
};

/** A job's stage in words, with how far through it where known. */
export function describeProgress(job: AdminJob): string {
  const stage = stageText[job.progress.stage] ?? job.progress.stage;
  const { done, total } = job.progress;
  return total !== null && done !== null && total > 0 && job.state === "running" ? `${stage}（${done}/${total}）` : stage;
}

/** A progress bar and line for a job: determinate while a stage counts its items. */
export function progressView(job: AdminJob): HTMLElement {
  const { done, total } = job.progress;
  const bar = h("progress", { class: "job-bar", max: total ?? 1, ...(done !== null && total ? { value: done } : {}) });
  return h("div", { class: "job-progress", role: "status" }, bar, h("span", { class: "job-stage" }, describeProgress(job)));
}

/** Polls a job until it is done or failed, telling `onUpdate` each time; resolves with the finished job. */
export async function followJob(admin: AdminApi, jobId: string, onUpdate: (job: AdminJob) => void): Promise<AdminJob> {
  for (;;) {
    const job = await admin.job(jobId);
    onUpdate(job);
    if (job.state === "done" || job.state === "failed") return job;
    await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
  }
}
