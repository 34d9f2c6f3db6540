/**
 * The hotline features of the console, in Debian's Chromium against the real
 * server and index: the conversation survives a reload and can be reopened
 * from 历史对话, 👍/👎 with a reason reaches the server, and the admin page
 * (/admin) asks for the admin key, then lists questions, opens one, groups
 * gaps and exports. Screenshots go to test-artifacts/screenshots/.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/app-config.js";
import type { RunningServer } from "../../src/server/start-server.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { buildWeb } from "../../web/build-web.js";
import { launchChromium, requireChromium } from "../support/launch-chromium.js";
import { collectPageProblems } from "../support/page-problems.js";
import { noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

const screenshotDir = path.join(projectRoot, "test-artifacts", "screenshots");
const answerTimeoutMs = 90_000;
const question = "园区新开办企业刻公章有补贴吗？";
const outOfScope = "国外客户来苏州考察，旅游签证怎么办？";

let server: RunningServer;
let store: ServiceStore;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminKey: string;
const pageErrors: string[] = [];
/** Content-Security-Policy violations any page reported (the server sends helmet's CSP; the admin page must pass it too). */
const cspViolations: string[] = [];

async function ask(target: Page, text: string) {
  const before = await target.locator(".conversation > .turn").count();
  await target.locator("#question").fill(text);
  await target.locator("#question").press("Enter");
  await target.waitForFunction(
    (index) => {
      const element = document.querySelectorAll(".conversation > .turn .answer")[index];
      return element !== undefined && !element.classList.contains("is-streaming");
    },
    before,
    { timeout: answerTimeoutMs },
  );
  return target.locator(".conversation > .turn").nth(before);
}

beforeAll(async () => {
  requireChromium();
  await mkdir(screenshotDir, { recursive: true });
  await prepareTestIndex();
  const config = testConfig(noRateLimits);
  store = await openTestStore(config);
  adminKey = (await store.apiKeys.create("值班主管", "admin")).key;
  const outDir = await buildWeb();
  server = await startTestServer({ config, store, port: 0, app: { webConsole: outDir } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
  await collectPageProblems(context, { pageErrors, cspViolations });
  page = await context.newPage();
});

afterEach(() => {
  expect(pageErrors.splice(0), "uncaught exceptions in the page").toEqual([]);
  expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

describe("the console keeps conversations and takes feedback", () => {
  it("keeps the conversation across a reload, with its answers and citations", async () => {
    await page.goto(server.url);
    const turn = await ask(page, question);
    expect(await turn.locator(".citation-item").count()).toBeGreaterThan(0);
    const cited = await turn.locator(".citation-item").allInnerTexts();
    await turn.locator(".feedback").waitFor();
    await page.reload();
    await page.locator(".conversation > .turn .answer:not(.is-streaming)").first().waitFor();
    expect(await page.locator(".conversation .question-text").allInnerTexts()).toEqual([question]);
    expect(await page.locator(".conversation .citation-item").allInnerTexts()).toEqual(cited);
    expect(await page.locator(".intro").isHidden()).toBe(true);

    // A follow-up goes into the same stored conversation.
    const followUp = await ask(page, "那相城区呢？");
    expect(await followUp.locator(".answer").getAttribute("class")).not.toContain("is-failed");
    const stored = await store.conversations.listConversations(`client:${await page.evaluate(() => localStorage.getItem("qiwen.clientId"))}`, 10);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.answers).toBe(2);
    await page.screenshot({ path: path.join(screenshotDir, "hotline-01-restored.png") });
  });

  it("rates an answer 👎 with a reason, and the rating shows again after a reload", async () => {
    const bar = page.locator(".conversation > .turn").first().locator(".feedback");
    await bar.getByRole("button", { name: "没有帮助" }).click();
    await bar.locator("select[name=reason]").selectOption("责任单位不对");
    await bar.locator("input[name=comment]").fill("补贴由市场监管局发放");
    await bar.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => bar.locator(".feedback-status").innerText()).toBe("感谢反馈");
    const answerId = await bar.getAttribute("data-answer-id");
    expect((await store.conversations.findAnswer(answerId!))?.feedback).toMatchObject({ rating: "down", reason: "责任单位不对", comment: "补贴由市场监管局发放" });
    await page.screenshot({ path: path.join(screenshotDir, "hotline-02-feedback.png") });

    await page.reload();
    const restored = page.locator(`.feedback[data-answer-id="${answerId}"]`);
    await restored.waitFor();
    expect(await restored.getByRole("button", { name: "没有帮助" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("starts a new conversation, and reopens the old one from 历史对话", async () => {
    await page.getByRole("button", { name: "新对话" }).click();
    expect(await page.locator(".conversation > .turn").count()).toBe(0);
    await ask(page, outOfScope);
    await page.locator(".history summary").click();
    const items = page.locator(".history-item");
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().innerText()).toContain(outOfScope);
    await page.screenshot({ path: path.join(screenshotDir, "hotline-03-history.png") });
    await items.nth(1).click();
    await expect.poll(() => page.locator(".conversation .question-text").allInnerTexts()).toEqual([question, "那相城区呢？"]);
  });
});

describe("a server that needs a key for chat (PUBLIC_CHAT=false)", () => {
  it("asks the agent for a key after the 401, keeps it, and answers with it", async () => {
    const config = { ...server.services.config, publicChat: false };
    const closed = await startTestServer({ config, services: { ...server.services, config }, store, port: 0, app: { webConsole: await buildWeb() } });
    try {
      const agentKey = (await store.apiKeys.create("坐席 12", "agent")).key;
      const agentPage = await context.newPage();
      await agentPage.goto(closed.url);
      const turn = await ask(agentPage, question);
      expect(await turn.locator(".notice-error").innerText()).toContain("API 密钥");
      await turn.locator(".key-form input").fill(agentKey);
      await turn.locator(".key-form button").click();
      await agentPage.waitForFunction(() => document.querySelectorAll(".conversation .answer:not(.is-streaming):not(.is-failed)").length === 1, undefined, { timeout: answerTimeoutMs });
      expect(await agentPage.evaluate(() => localStorage.getItem("qiwen.agentKey"))).toBe(agentKey);
      const logged = await store.conversations.listAnswers({}, { limit: 1 });
      expect(logged[0]).toMatchObject({ question, client: "坐席 12" });
      await agentPage.close();
    } finally {
      await closed.close();
    }
  });
});

describe("the admin page", () => {
  it("asks for an admin key and refuses a wrong one", async () => {
    await page.goto(`${server.url}/admin`);
    await page.locator(".key-form input").fill("qw_000000000000_" + "x".repeat(43));
    await page.locator(".key-form button").click();
    await expect.poll(() => page.locator(".notice-error").innerText()).toContain("密钥无效");
    await page.locator(".key-form input").fill(adminKey);
    await page.locator(".key-form button").click();
    await page.locator(".admin-table tbody tr").first().waitFor();
    await page.screenshot({ path: path.join(screenshotDir, "hotline-04-admin-questions.png") });
  });

  it("filters the question log, opens a question with its answer and cited units", async () => {
    const questions = page.locator("#panel-questions");
    await questions.locator("select[name=refused]").selectOption("true");
    await questions.getByRole("button", { name: "筛选" }).click();
    await expect.poll(() => page.locator(".admin-table tbody tr").allInnerTexts()).toContainEqual(expect.stringContaining(outOfScope));
    for (const row of await page.locator(".admin-table tbody tr td:nth-child(3)").allInnerTexts()) expect(row).toMatch(/^(拒答|文件未规定)$/);
    await questions.locator("select[name=refused]").selectOption("");
    await questions.locator("select[name=rating]").selectOption("down");
    await questions.getByRole("button", { name: "筛选" }).click();
    await expect.poll(() => page.locator(".admin-table tbody tr").allInnerTexts()).toEqual([expect.stringContaining(question)]);
    await page.locator(".admin-table .link-button").first().click();
    const detail = page.locator(".admin-detail");
    await detail.locator(".admin-citations li").first().waitFor();
    expect(await detail.locator(".admin-feedback").innerText()).toContain("责任单位不对");
    expect(await detail.locator(".admin-citation-units").first().innerText()).toMatch(/责任单位|未列明/);
    await page.screenshot({ path: path.join(screenshotDir, "hotline-05-admin-detail.png") });
  });

  it("shows the gap report and downloads the export", async () => {
    await page.getByRole("tab", { name: "缺口报告" }).click();
    const topics = page.locator(".gap-topic");
    await topics.first().waitFor();
    const texts = await topics.allInnerTexts();
    expect(texts.some((text) => text.includes(outOfScope) && text.includes("拒答"))).toBe(true);
    expect(texts.some((text) => text.includes(question) && text.includes("差评"))).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, "hotline-06-admin-gaps.png") });

    await page.getByRole("tab", { name: "导出" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".admin-export").getByRole("button", { name: "导出" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^qiwen-questions-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv).toContain(question);
    expect(csv).toContain(outOfScope);
  });
});
