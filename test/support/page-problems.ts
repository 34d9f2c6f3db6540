import type { BrowserContext } from "playwright-core";

/**
 * Collects, from every page of a browser context, uncaught exceptions and
 * Content-Security-Policy violations (the `securitypolicyviolation` event and
 * Chromium's console line) into the two lists given: a test empties them
 * (`splice(0)`) and expects nothing, so a problem fails the test it happened in.
 */
export async function collectPageProblems(context: BrowserContext, into: { pageErrors: string[]; cspViolations: string[] }): Promise<void> {
  context.on("page", (opened) => {
    opened.on("pageerror", (error) => into.pageErrors.push(`${opened.url()}: ${error.stack ?? error.message}`));
    opened.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) into.cspViolations.push(`${opened.url()} console: ${message.text()}`);
    });
  });
  await context.exposeBinding("reportCspViolation", ({ page: source }, violation: string) => void into.cspViolations.push(`${source.url()}: ${violation}`));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(violation: string): void }).reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
}
