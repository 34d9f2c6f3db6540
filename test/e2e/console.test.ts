/**
 * The web console end to end: Debian's Chromium, driven by playwright-core,
 * against the real server on a free port and the real index. It does what a
 * hotline agent does: asks, reads the streamed answer, opens a cited clause,
 * follows up, gets a refusal, copies an answer for a ticket, looks up a unit,
 * and checks the page on a 390 px phone. Screenshots go to
 * test-artifacts/screenshots/ for a person to look at.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config/app-config.js";
import { launchChromium, requireChromium } from "../support/launch-chromium.js";
import { collectPageProblems } from "../support/page-problems.js";
import { startTestServer } from "../support/test-store.js";
import { buildWeb } from "../../web/build-web.js";
import { parseDocumentList } from "../../web/src/api-types.js";
import { describeCorpus } from "../../web/src/corpus-summary.js";
import { prepareTestIndex } from "../support/test-index.js";

const screenshotDir = path.join(projectRoot, "test-artifacts", "screenshots");
/** The first answer also warms the embedding model, so it gets more time than the rest. */
const answerTimeoutMs = 90_000;

const firstQuestion = "我们刚在园区开了公司，想把公司关掉要怎么办？";
const followUp = "那相城区呢？";
const outOfScope = "北京中关村的研发补贴有多少？";
/** The plans name measures for deregistration in the park but set no time limit for it: a near-domain reply. */
const noTimeLimit = "园区注销公司要多久？";
/** A reference line of copied text: `[n]《简称》路径 标题`, then `— 责任单位：…` or `— 未列明责任单位` unless the answer names the units. */
const referenceLine = /^\[\d+\]《[^》]+》.*$/;

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
async function contrastOf(target: ReturnType<Page["locator"]>): Promise<{ ratio: number; fontSize: string; color: string; background: string }> {
  return target.evaluate((element) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    let backgroundElement: Element | null = element;
    let background = "rgb(255, 255, 255)";
    while (backgroundElement) {
      const candidate = getComputedStyle(backgroundElement).backgroundColor;
      const alpha = rgb(candidate)[3];
      if (candidate && candidate !== "transparent" && (alpha === undefined || alpha > 0)) {
        background = candidate;
        break;
      }
      backgroundElement = backgroundElement.parentElement;
    }
    const luminance = (value: string) => {
      const [r, g, b] = rgb(value).map((channel) => {
        const c = channel / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const style = getComputedStyle(element);
    const [light, dark] = [luminance(style.color), luminance(background)].sort((a, b) => b - a);
    return { ratio: (light! + 0.05) / (dark! + 0.05), fontSize: style.fontSize, color: style.color, background };
  });
}

let server: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
/** Every request the page made, to check the streaming endpoint and that nothing left the server. */
const requests: Request[] = [];
/** Uncaught exceptions on any page of the context since the last check: each test must leave none. */
const pageErrors: string[] = [];
/** Content-Security-Policy violations any page reported since the last check (the event, and Chromium's console line). */
const cspViolations: string[] = [];
/** The background of the near-domain reply, to tell a refusal apart from it. */
let relatedBackground = "";

async function screenshot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Asks through the composer with the keyboard and waits for the answer to finish streaming. */
async function ask(target: Page, question: string): Promise<ReturnType<Page["locator"]>> {
  const turnsBefore = await target.locator(".conversation > .turn").count();
  await target.locator("#question").fill(question);
  await target.locator("#question").press("Enter");
  const answer = target.locator(".conversation > .turn").nth(turnsBefore).locator(".answer");
  await answer.waitFor({ state: "attached" });
  await target.waitForFunction(
    (index) => {
      const element = document.querySelectorAll(".conversation > .turn .answer")[index];
      return element !== undefined && !element.classList.contains("is-streaming");
    },
    turnsBefore,
    { timeout: answerTimeoutMs },
  );
  const failure = answer.locator(".notice-error");
  if ((await failure.count()) > 0) throw new Error(`the console showed an error for “${question}”: ${await failure.innerText()}`);
  return answer;
}

/** How far the page is wider than the screen (0 when it fits). */
async function horizontalOverflow(target: Page): Promise<number> {
  return target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

function urlOf(hash: string): string {
  return new URL(`/${hash}`, server!.url).href;
}

beforeAll(async () => {
  requireChromium();
  await mkdir(screenshotDir, { recursive: true });
  const { config } = await prepareTestIndex();
  // Build now so the server serves this checkout's console, whatever state web/dist was in.
  await buildWeb();
  server = await startTestServer({ config, port: 0 });
  // Warm the server's file cache, out of the load-time measurement.
  await (await fetch(server.url)).text();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
  // Every page of the context, the phone's too, reports its uncaught exceptions and CSP violations here.
  await collectPageProblems(context, { pageErrors, cspViolations });
  page = await context.newPage();
  page.on("request", (request) => requests.push(request));
});

// A JavaScript exception or a CSP violation fails the test it happened in, even when the page still looked right.
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught exceptions in the console").toEqual([]);
  expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]);
});

afterAll(async () => {
  try {
    expect(pageErrors, "uncaught exceptions in the console after the last test").toEqual([]);
    expect(cspViolations, "CSP violations after the last test").toEqual([]);
  } finally {
    await browser?.close();
    await server?.close();
  }
});

describe("web console", () => {
  it("loads fast, from the server alone", async () => {
    const started = Date.now();
    await page.goto(urlOf(""));
    await page.locator(".intro").waitFor();
    const loadMs = Date.now() - started;
    expect(loadMs, "time until the console was usable").toBeLessThan(2000);
    // The intro counts and names what the server serves, not a number written into the page.
    const documents = parseDocumentList(await (await fetch(new URL("/api/documents", server!.url))).json());
    expect(documents.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".intro").innerText()).toContain(describeCorpus(documents));
    await expect.poll(() => page.locator(".server-status").innerText()).toMatch(/条条款|摘录原文|大模型/);
    const origin = new URL(server!.url).origin;
    const elsewhere = requests.map((request) => request.url()).filter((url) => !url.startsWith(origin) && !url.startsWith("data:"));
    expect(elsewhere, "requests to anything but the server (fonts, CDNs)").toEqual([]);
    await screenshot(page, "desktop-01-start");
  });

  it("streams an answer with citation chips", async () => {
    const answer = await ask(page, firstQuestion);
    const streamRequest = requests.find((request) => request.url().endsWith("/api/chat/stream"));
    expect(streamRequest, "the chat used the streaming endpoint").toBeDefined();
    expect((await streamRequest!.response())?.headers()["content-type"]).toContain("text/event-stream");
    expect(JSON.parse(streamRequest!.postData() ?? "{}")).toMatchObject({ question: firstQuestion });

    await expect.poll(() => answer.getAttribute("class")).not.toContain("is-refused");
    expect(await answer.locator(".answer-body .chip").count()).toBeGreaterThan(0);
    expect(await answer.locator(".citation-list .citation-item").count()).toBeGreaterThan(0);
    expect(await answer.locator(".answer-body").getAttribute("aria-busy")).toBe("false");
    expect(await answer.locator(".answer-meta").innerText()).toMatch(/(摘录原文|大模型生成) · 用时 /);
    await screenshot(page, "desktop-02-answer");
  });

  it("opens a cited clause beside the answer, with its units and the quoted sentences marked", async () => {
    const chip = page.locator(".answer-body .chip").first();
    await chip.click();
    const panel = page.locator(".citation-panel.is-open");
    await panel.waitFor();
    expect(await panel.locator(".panel-source").innerText()).toMatch(/《.+》/);
    expect((await panel.locator(".clause-text").innerText()).length).toBeGreaterThan(10);
    const unitTags = await panel.locator(".unit-tag").count();
    const noUnits = await panel.locator(".units-none").count();
    expect(unitTags + noUnits, "units as tags, or the sentence that there are none").toBeGreaterThan(0);

    if ((await page.locator(".answer-meta").first().innerText()).includes("摘录原文")) {
      // An extractive answer quotes the clause verbatim, so something must be highlighted.
      expect(await panel.locator(".clause-text mark").count()).toBeGreaterThan(0);
    }
    await screenshot(page, "desktop-03-citation-panel");

    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".citation-panel.is-open").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("chip"))).toBe(true);
  });

  it("shows each clause's units once: in the answer, or in the reference list when the answer does not name them", async () => {
    const answer = page.locator(".conversation > .turn").first().locator(".answer");
    const body = await answer.locator(".answer-body").innerText();
    const items = answer.locator(".citation-item");
    expect(await items.count()).toBeGreaterThan(0);
    // The answer names the units of what it quotes, once each.
    const unitLines = body.split("\n").filter((line) => /^(责任单位|牵头单位)：/.test(line));
    expect(unitLines.length).toBeGreaterThan(0);
    expect(new Set(unitLines).size).toBe(unitLines.length);
    let listed = 0;
    for (const item of await items.all()) {
      const units = item.locator(".citation-units");
      if ((await units.count()) === 0) continue;
      listed += 1;
      const names = (await units.innerText()).replace(/^责任单位：/, "").split("、");
      expect(names.every((name) => body.includes(name)), `units listed again although the answer names them: ${names.join("、")}`).toBe(false);
    }
    expect(listed).toBeLessThan(await items.count());
  });

  it("draws the 责任单位 lines at WCAG AA contrast (4.5:1 at their size)", async () => {
    const lines = page.locator(".citation-units, .units-none");
    // The panel's "no units" line appears only for some clauses; the reference list has units lines for what the answer does not quote.
    await page.locator(".conversation .answer-body .chip").first().click();
    await page.locator(".citation-panel.is-open").waitFor();
    const measured = await Promise.all((await lines.all()).map((line) => contrastOf(line)));
    const unitTags = await Promise.all((await page.locator(".citation-panel .unit-tag").all()).map((tag) => contrastOf(tag)));
    expect(measured.length + unitTags.length).toBeGreaterThan(0);
    for (const line of [...measured, ...unitTags]) expect(line.ratio, `${line.color} on ${line.background} at ${line.fontSize}`).toBeGreaterThanOrEqual(4.5);
    await page.keyboard.press("Escape");
  });

  it("links from a citation to the whole document, scrolled to the clause", async () => {
    await page.locator(".citation-item").first().click();
    await page.locator(".citation-panel.is-open .panel-link a").click();
    const target = page.locator(".clause-card.is-target");
    await target.waitFor();
    expect(page.url()).toMatch(/#\/doc\/[^/]+\/.+/);
    expect(await target.isVisible()).toBe(true);
    expect(await page.locator(".toc a[aria-current]").count()).toBe(1);
    await screenshot(page, "desktop-04-document");
    await page.goBack();
    await page.locator(".view-chat:not([hidden])").waitFor();
    expect(await page.locator(".conversation > .turn").count(), "the conversation survives a visit to a document").toBe(1);
  });

  it("keeps the conversation for a follow-up question", async () => {
    const before = requests.length;
    const answer = await ask(page, followUp);
    const streamRequest = requests.slice(before).find((request) => request.url().endsWith("/api/chat/stream"));
    const body = JSON.parse(streamRequest!.postData() ?? "{}") as { history?: { role: string; content: string }[] };
    expect(body.history?.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(body.history?.[0]?.content).toBe(firstQuestion);
    expect(await answer.getAttribute("class")).not.toContain("is-refused");
    const cited = await answer.locator(".citation-item").allInnerTexts();
    expect(cited.join("\n"), "the follow-up is answered from 相城's plan").toContain("相城");
  });

  it("keeps the citation panel with the answer it belongs to", async () => {
    const first = page.locator(".conversation > .turn").nth(0).locator(".answer");
    const second = page.locator(".conversation > .turn").nth(1).locator(".answer");
    await first.locator(".answer-body .chip").first().click();
    const panel = page.locator(".citation-panel.is-open");
    await panel.waitFor();
    expect(await panel.locator(".panel-owner").innerText()).toContain("第 1 问");
    const firstClause = await panel.locator(".clause-text").innerText();
    expect(await first.getAttribute("class")).toContain("is-panel-source");

    await second.locator(".answer-body .chip").first().click();
    expect(await panel.locator(".panel-owner").innerText()).toContain("第 2 问");
    expect(await panel.locator(".clause-text").innerText(), "the follow-up cites 相城's clause, not the first answer's").not.toBe(firstClause);
    expect(await second.getAttribute("class")).toContain("is-panel-source");
    expect(await first.getAttribute("class")).not.toContain("is-panel-source");

    // Back to the first answer: its own clause again.
    await first.locator(".answer-body .chip").first().click();
    expect(await panel.locator(".clause-text").innerText()).toBe(firstClause);
    await screenshot(page, "desktop-05-panel-follows-answer");
  });

  it("marks a near-domain reply (文件没有规定…) apart from an answer and from a refusal, and closes an older answer's clause", async () => {
    expect(await page.locator(".citation-panel.is-open").count(), "an older answer's clause is open before asking").toBe(1);
    const turnsBefore = await page.locator(".conversation > .turn").count();
    await page.locator("#question").fill(noTimeLimit);
    await page.locator("#question").press("Enter");
    // As soon as the new question is out, the panel no longer shows the old clause.
    await expect.poll(() => page.locator(".citation-panel.is-open").count()).toBe(0);
    await page.waitForFunction((index) => !document.querySelectorAll(".conversation > .turn .answer")[index]?.classList.contains("is-streaming"), turnsBefore, {
      timeout: answerTimeoutMs,
    });
    const related = page.locator(".conversation > .turn").nth(turnsBefore).locator(".answer");
    const classes = (await related.getAttribute("class")) ?? "";
    expect(classes).toContain("is-related");
    expect(classes).not.toContain("is-refused");
    expect(await related.locator(".answer-body").innerText()).toMatch(/^文件没有规定/);
    expect(await related.locator(".answer-label").innerText()).not.toBe(await page.locator(".conversation > .turn").first().locator(".answer-label").innerText());
    expect(await related.locator(".answer-body .chip").count(), "the related measures are cited").toBeGreaterThan(0);
    expect(await related.locator(".refusal-hint").innerText()).toMatch(/12345/);
    const background = (target: ReturnType<Page["locator"]>) => target.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background(related)).not.toBe(await background(page.locator(".conversation > .turn").first().locator(".answer")));
    await related.locator(".answer-body .chip").first().click();
    expect(await page.locator(".citation-panel.is-open .panel-owner").innerText()).toContain(`第 ${turnsBefore + 1} 问`);
    await page.keyboard.press("Escape");
    await related.scrollIntoViewIfNeeded();
    await screenshot(page, "desktop-06-related");
    relatedBackground = await background(related);
  });

  it("refuses an out-of-scope question, differently, pointing to 12345 and 一企来", async () => {
    const answer = await ask(page, outOfScope);
    expect(await answer.getAttribute("class")).toContain("is-refused");
    expect(await answer.locator(".chip").count()).toBe(0);
    expect(await answer.locator(".citations").count()).toBe(0);
    expect(await answer.locator(".refusal-hint").innerText()).toMatch(/12345.*一企来/);
    expect(await answer.evaluate((element) => getComputedStyle(element).backgroundColor), "a refusal looks unlike a near-domain reply").not.toBe(relatedBackground);
    await answer.scrollIntoViewIfNeeded();
    await screenshot(page, "desktop-07-refusal");
  });

  it("copies an answer with its references written out for a ticket", async () => {
    const firstAnswer = page.locator(".conversation > .turn").first().locator(".answer");
    await firstAnswer.locator(".copy-answer").click();
    await expect.poll(() => firstAnswer.locator(".copy-status").innerText()).toContain("已复制");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split("\n");
    const references = lines.filter((line) => referenceLine.test(line));
    // One line per clause the answer cites (the list above "其他相关条款", if any).
    expect(references.length, `reference lines in:\n${copied}`).toBe(await firstAnswer.locator(".citation-list:not(.is-related) .citation-item").count());
    const refs = references.map((line) => Number(/^\[(\d+)\]/.exec(line)?.[1]));
    expect(refs, "references in ref order").toEqual([...refs].sort((left, right) => left - right));
    expect(lines[0]?.length).toBeGreaterThan(0);
  });

  it("starts over with 新对话", async () => {
    await page.getByRole("button", { name: "新对话" }).click();
    expect(await page.locator(".conversation > .turn").count()).toBe(0);
    expect(await page.locator(".intro").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
  });

  it("lists everything a unit is responsible for, grouped by document", async () => {
    await page.getByRole("link", { name: "责任单位" }).click();
    const input = page.locator("#unit-name");
    await input.fill("行政审批局");
    await input.press("Enter");
    await page.locator(".unit-summary").waitFor();
    expect(page.url()).toContain(`#/units/${encodeURIComponent("行政审批局")}`);
    expect(await page.locator(".unit-group").count()).toBeGreaterThan(0);
    expect(await page.locator(".unit-group .clause-card").count()).toBeGreaterThan(0);
    expect(await page.locator(".unit-tag.is-current").count()).toBeGreaterThan(0);
    expect(await page.locator("#unit-names option").count(), "the unit picker's choices").toBeGreaterThan(5);
    await screenshot(page, "desktop-08-units");
  });

  it("fits a 390 px phone without horizontal scrolling", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(urlOf(""));
    await phone.locator(".intro").waitFor();
    expect(await horizontalOverflow(phone), "horizontal scroll on the start page").toBeLessThanOrEqual(0);
    await screenshot(phone, "phone-01-start");

    await ask(phone, firstQuestion);
    expect(await horizontalOverflow(phone), "horizontal scroll with an answer").toBeLessThanOrEqual(0);
    await phone.locator(".turn").first().scrollIntoViewIfNeeded();
    await screenshot(phone, "phone-02-answer");

    await phone.locator(".answer-body .chip").first().click();
    const panel = phone.locator(".citation-panel.is-open");
    await panel.waitFor();
    const box = await panel.boundingBox();
    expect(box?.width, "the clause covers the phone's width while open").toBeGreaterThanOrEqual(380);
    await screenshot(phone, "phone-03-citation-panel");
    await phone.locator(".panel-close").click();
    expect(await panel.count()).toBe(0);

    for (const [hash, ready, name] of [
      [`#/units/${encodeURIComponent("行政审批局")}`, ".unit-summary", "phone-04-units"],
      ["#/docs", ".doc-card", "phone-05-documents"],
    ] as const) {
      await phone.goto(urlOf(hash));
      await phone.locator(ready).first().waitFor();
      expect(await horizontalOverflow(phone), `horizontal scroll on ${hash}`).toBeLessThanOrEqual(0);
      await screenshot(phone, name);
    }
    await phone.locator(".doc-card").first().click();
    await phone.locator(".view-docs .doc-body .clause-card").first().waitFor();
    expect(await horizontalOverflow(phone), "horizontal scroll in a document").toBeLessThanOrEqual(0);
    await screenshot(phone, "phone-06-document");
    await phone.close();
  });

  it("is served under a CSP that blocks what the console never does, and cannot be framed by another site", async () => {
    const response = await fetch(server!.url);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");

    // The violation listener works: an injected inline script is blocked and reported.
    await page.goto(urlOf(""));
    // The console is up (the conversation of the earlier tests is reopened, so the intro may stay hidden).
    await page.locator("#question").waitFor();
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "document.body.dataset.injected = 'yes'";
      document.head.append(script);
    });
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    expect(cspViolations.splice(0).join("\n")).toMatch(/script-src/);

    // Another origin's page (127.0.0.1 vs localhost) framing the console gets an empty frame.
    const framing = await context.newPage();
    const port = new URL(server!.url).port;
    await framing.route("http://localhost:9/frame.html", (route) =>
      route.fulfill({ contentType: "text/html", body: `<iframe id="qiwen" src="http://127.0.0.1:${port}/"></iframe>` }),
    );
    await framing.goto("http://localhost:9/frame.html");
    await framing.waitForTimeout(1_000);
    const frame = framing.frames().find((candidate) => candidate !== framing.mainFrame());
    expect(frame, "the iframe exists").toBeDefined();
    // Chromium replaces a frame refused by frame-ancestors with its error page; the same URL loads on its own (above).
    expect(frame!.url()).toMatch(/^chrome-error:/);
    expect(await frame!.locator("#app").count(), "the console did not render inside another site").toBe(0);
    await framing.close();
    cspViolations.splice(0);
  });
});
