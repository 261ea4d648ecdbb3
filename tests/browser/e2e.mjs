// End-to-end test of `xxgk serve` in a real browser: Debian's chromium driven
// by playwright-core (never a downloaded browser build). A reviewer's day:
// log in → upload the county's reports → open a report and see its errors on
// the cells → compare a body's years → see who has not published → read the
// dashboard → download the spreadsheet → log out.
//
// Run by crates/cli/tests/browser.rs, which passes the xxgk binary, a fresh
// database with an admin, the server's address and where to put screenshots:
//   XXGK_URL=http://127.0.0.1:PORT XXGK_USER=admin XXGK_PASSWORD=… \
//   XXGK_DATA=tests/data XXGK_ARTIFACTS=target/browser node tests/browser/e2e.mjs
// It exits 0 when every step passed; each failure names its step.

import fs from "node:fs";
import path from "node:path";
import { check, environment, start } from "./harness.mjs";

const { XXGK_URL: url, XXGK_USER: user, XXGK_PASSWORD: password, XXGK_DATA: data, XXGK_ARTIFACTS: artifacts } = environment(["XXGK_URL", "XXGK_USER", "XXGK_PASSWORD", "XXGK_DATA", "XXGK_ARTIFACTS"]);
const { page, step, consoleErrors, finish } = await start({ artifacts });

await step("anonymous visit is sent to the login page", async () => {
  await page.goto(`${url}/reports`);
  check(page.url().includes("/login?next="), `landed on ${page.url()}`);
});

await step("wrong password is refused", async () => {
  await page.fill("#name", user);
  await page.fill("#password", "not-the-password");
  await page.click("#login-button");
  await page.waitForSelector("#login-failed");
});

await step("login", async () => {
  await page.fill("#name", user);
  await page.fill("#password", password);
  await page.click("#login-button");
  await page.waitForURL(/\/reports/);
  check((await page.textContent("#user-name")).trim() === user, "user name not shown");
});

const uploads = (process.env.XXGK_UPLOAD || "").split(path.delimiter).filter(Boolean);
await step("upload the county's reports", async () => {
  await page.goto(`${url}/upload`);
  await page.setInputFiles("#upload-files", uploads);
  const agencies = process.env.XXGK_AGENCIES;
  if (agencies) await page.setInputFiles("#upload-agencies", agencies);
  await page.click("#upload-submit");
  await page.waitForSelector('#job-state[data-state="done"]', { timeout: 120000 });
  const added = await page.textContent("#summary-added");
  check(Number(added) > 0, `added ${added}`);
  const failed = await page.locator("#job-failures tr[data-file]").count();
  check(failed >= 1, "the junk file is not listed as unreadable");
});

await step("report list shows the uploaded reports", async () => {
  await page.goto(`${url}/reports`);
  const rows = await page.locator("#report-list tr[data-report]").count();
  check(rows >= 3, `${rows} rows`);
});

let reportUrl = "";
await step("report with errors: findings shown on the cells", async () => {
  await page.goto(`${url}/reports?severity=error`);
  const link = page.locator("#report-list tr[data-report] a").first();
  await link.click();
  await page.waitForSelector("#findings");
  reportUrl = page.url();
  const finding = page.locator("#findings li.finding.error a.show").first();
  await finding.click();
  const primary = page.locator("table [data-path].primary").first();
  await primary.waitFor();
  await primary.scrollIntoViewIfNeeded();
  const background = await primary.evaluate((el) => getComputedStyle(el).backgroundColor);
  check(background !== "rgba(0, 0, 0, 0)" && background !== "rgb(255, 255, 255)", `primary cell background ${background}`);
  const inText = await page.locator("#source [data-path].primary").count();
  check(inText >= 1, "the primary cell is not marked in the document text");
});

await step("rule documentation is one click away", async () => {
  await page.goto(reportUrl);
  await page.locator("#findings a[href^='/rules/']").first().click();
  await page.waitForSelector("#rule-doc");
});

await step("compare a body across years", async () => {
  await page.goto(`${url}/compare?body=${encodeURIComponent(process.env.XXGK_COMPARE || "")}`);
  await page.waitForSelector("#compare-table");
  const years = await page.locator("#compare-table th[data-report]").count();
  check(years >= 2, `${years} years`);
  const changed = page.locator("#compare-table td.increase, #compare-table td.decrease").first();
  await changed.scrollIntoViewIfNeeded();
  const background = await changed.evaluate((el) => getComputedStyle(el).backgroundColor);
  check(background !== "rgba(0, 0, 0, 0)", "a change is not highlighted");
});

await step("coverage names who has not published", async () => {
  await page.goto(`${url}/coverage`);
  await page.waitForSelector("#coverage-counts");
  const missing = await page.locator("#coverage-list tr[data-body]").count();
  check(missing >= 1, "no missing body listed");
});

await step("dashboard figures and charts", async () => {
  await page.goto(`${url}/dashboard`);
  await page.waitForSelector("#figures-by-year tr[data-figure]");
  await page.waitForSelector("#chart-requests canvas", { timeout: 15000 });
});

await step("a figure drills down to the reports and cells it sums", async () => {
  const figure = page.locator("#figures-by-year tr[data-figure] a.figure-link").first();
  await figure.click();
  await page.waitForSelector("#cells-list tr[data-report]");
  const sum = await page.getAttribute("#cells-sum td[data-sum]", "data-sum");
  const value = await page.getAttribute("#cells-value", "data-value");
  check(sum === value, `the drill-down sums to ${sum}, the figure is ${value}`);
});

await step("download the spreadsheet of the selection", async () => {
  await page.goto(`${url}/reports`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.goto(`${url}/export?to=xlsx`).catch(() => {}),
  ]);
  const file = path.join(artifacts, "export.xlsx");
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  check(bytes.length > 1000 && bytes[0] === 0x50 && bytes[1] === 0x4b, "not an XLSX (zip) file");
});

await step("English on request", async () => {
  await page.goto(`${url}/reports?lang=en`);
  check((await page.getAttribute("html", "lang")) === "en", "page not in English");
  await page.goto(`${url}/reports?lang=zh`);
});

await step("logout ends the session", async () => {
  await page.click("#logout");
  await page.waitForURL(/\/login/);
  await page.goto(`${url}/reports`);
  check(page.url().includes("/login"), "still logged in after logout");
});

await step("no script errors in the console", async () => {
  check(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await finish();
