// What every browser script shares: the environment it is given, Debian's
// chromium launched with the flags a machine without internet needs, one page
// that records script errors and static files that fail to load, numbered
// steps with a screenshot each, and the exit status.

import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

/// The environment variables `names`, every one required (exit 2 if missing).
export function environment(names) {
  const values = {};
  for (const name of names) {
    values[name] = process.env[name];
    if (!values[name]) { console.error(`missing ${name}`); process.exit(2); }
  }
  return values;
}

/// A browser and its page; screenshots go to `artifacts`, named `prefix` +
/// the step's number and name, of the whole page when `fullPage`.
export async function start({ artifacts, prefix = "", fullPage = false }) {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.XXGK_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // No background connections (refused here, and slow to fail), no GPU,
    // no sandbox as root.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  // Script errors, and any static file that fails to load. (An error status of a
  // page itself — the 401 of a wrong password — is the page's answer, not an error.)
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) consoleErrors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.url().includes("/static/") && response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));

  let failures = 0;
  let number = 0;
  async function step(name, body) {
    number += 1;
    const label = String(number).padStart(2, "0");
    try {
      await body();
      console.log(`ok   ${label} ${name}`);
    } catch (error) {
      failures += 1;
      console.log(`FAIL ${label} ${name}: ${error.message}`);
    }
    const file = `${prefix}${label}-${name.replace(/[^a-z0-9]+/gi, "-")}.png`;
    await page.screenshot({ path: path.join(artifacts, file), fullPage }).catch(() => {});
  }
  async function finish() {
    await browser.close();
    console.log(failures === 0 ? "browser: every step passed" : `browser: ${failures} step(s) failed`);
    process.exit(failures === 0 ? 0 : 1);
  }
  return { page, step, consoleErrors, finish };
}

/// Fails the step with `message` unless `condition`.
export function check(condition, message) { if (!condition) throw new Error(message); }
