import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, which .ci/run installs: the browser tests never download one. */
export const chromiumPath = "/usr/bin/chromium";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/**
 * Fails loudly, naming the package, when Chromium is missing: a skipped browser
 * test would look like a passing one. Call it first, before slow set-up.
 */
export function requireChromium(): void {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is missing at ${chromiumPath}: run \`apt-get install -y chromium\` (CI installs it in .ci/run).`);
}

/** Launches headless Chromium for a test file. */
export function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
