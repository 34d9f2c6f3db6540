/**
 * The admin page's 文件管理 tab in Debian's Chromium, against the real server
 * on copies of the seeds and the index: the documents are listed; a .docx
 * plan is uploaded and its check report shown before Publish; publishing
 * shows progress, then the plan in the list; a wrong file is refused in
 * words; Remove takes the plan out again. No CSP violation, no page error.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/app-config.js";
import type { RunningServer } from "../../src/server/start-server.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { buildWeb } from "../../web/build-web.js";
import { captureLog } from "../support/capture-log.js";
import { launchChromium, requireChromium } from "../support/launch-chromium.js";
import { collectPageProblems } from "../support/page-problems.js";
import { copyTestCorpus, noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

const screenshotDir = path.join(projectRoot, "test-artifacts", "screenshots");
const plan = path.join(projectRoot, "test/fixtures/admin/kunshan-low-altitude-2025.docx");

let server: RunningServer;
let store: ServiceStore;
let browser: Browser;
let page: Page;
let adminKey: string;
let scratch: string;
const pageErrors: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  requireChromium();
  await mkdir(screenshotDir, { recursive: true });
  const shared = await prepareTestIndex();
  scratch = await mkdtemp(path.join(os.tmpdir(), "qiwen-admin-docs-e2e-"));
  const config = testConfig({ ...noRateLimits, ...(await copyTestCorpus(shared, scratch)) });
  store = await openTestStore(config);
  adminKey = (await store.apiKeys.create("文件管理员", "admin")).key;
  server = await startTestServer({ config, store, port: 0, app: { webConsole: await buildWeb(), logger: captureLog().logger } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  await collectPageProblems(context, { pageErrors, cspViolations });
  page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
});

afterEach(() => {
  expect(pageErrors.splice(0), "uncaught exceptions in the page").toEqual([]);
  expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const rowOf = (docId: string) => page.locator(`#panel-documents tr[data-doc-id="${docId}"]`);

describe("the 文件管理 tab", () => {
  it("lists the documents with their counts after signing in", async () => {
    await page.goto(`${server.url}/admin#/documents`);
    await page.locator(".key-form input").fill(adminKey);
    await page.locator(".key-form button").click();
    await expect.poll(() => page.locator("#panel-documents tbody tr").count(), { timeout: 30_000 }).toBe(5);
    expect(await rowOf("sip-2021").innerText()).toContain("已入库");
  });

  it("uploads a .docx plan, shows its check report, publishes it with progress and lists it", async () => {
    const panel = page.locator("#panel-documents");
    await panel.locator("input[type=file]").setInputFiles(plan);
    await panel.locator(".upload-form input[name=id]").fill("kunshan-2025");
    await panel.getByRole("button", { name: "上传并检查" }).click();
    const report = panel.locator(".check-report");
    await report.waitFor({ timeout: 60_000 });
    const reportText = await report.innerText();
    expect(reportText).toContain("11 项");
    expect(reportText).toContain("市低空经济发展服务中心");
    expect(reportText).toContain("2025年6月底前");
    expect(await panel.locator(".publish-form input[name=title]").inputValue()).toBe("昆山市2025年低空经济企业服务优化行动方案");
    await page.screenshot({ path: path.join(screenshotDir, "admin-documents-01-check.png"), fullPage: true });

    await panel.getByRole("button", { name: "发布", exact: true }).click();
    await panel.locator(".job-done").waitFor({ timeout: 120_000 });
    expect(await panel.locator(".job-done").innerText()).toContain("已发布《昆山市2025年低空经济企业服务优化行动方案》");
    await expect.poll(() => rowOf("kunshan-2025").innerText()).toContain("已入库");
    expect(await rowOf("kunshan-2025").innerText()).toMatch(/docx\s+11\s+12/);
    await page.screenshot({ path: path.join(screenshotDir, "admin-documents-02-published.png"), fullPage: true });
  });

  it("refuses a file ingest cannot read, in words", async () => {
    const panel = page.locator("#panel-documents");
    await panel.locator("input[type=file]").setInputFiles({ name: "旧方案.doc", mimeType: "application/msword", buffer: Buffer.from("not a plan") });
    await panel.getByRole("button", { name: "上传并检查" }).click();
    const error = panel.locator(".document-work .notice-error");
    await error.waitFor();
    const message = await error.innerText();
    expect(message).toContain("上传失败");
    expect(message).toContain(".docx");
    expect(message).not.toContain("{");
  });

  it("removes the plan again after a confirmation", async () => {
    await rowOf("kunshan-2025").getByRole("button", { name: "删除" }).click();
    const panel = page.locator("#panel-documents");
    await panel.locator(".job-done").waitFor({ timeout: 120_000 });
    expect(await panel.locator(".job-done").innerText()).toContain("已删除");
    await expect.poll(() => rowOf("kunshan-2025").count()).toBe(0);
    await expect.poll(() => page.locator("#panel-documents tbody tr").count()).toBe(5);
  });
});
