// The request register in a real browser (Debian's chromium through
// playwright-core): log in → register a request → record an extension →
// see it due soon and overdue in the list with ?as_of= → open its timeline
// and deadline explanation → the deadline calculator.
//
// Run by crates/cli/tests/browser.rs (a_register_in_a_real_browser):
//   XXGK_URL=http://127.0.0.1:PORT XXGK_USER=reviewer XXGK_PASSWORD=… \
//   XXGK_ARTIFACTS=target/browser/register node tests/browser/register.mjs
// It exits 0 when every step passed; each failure names its step.

import { check, environment, start } from "./harness.mjs";

const { XXGK_URL: url, XXGK_USER: user, XXGK_PASSWORD: password, XXGK_ARTIFACTS: artifacts } = environment(["XXGK_URL", "XXGK_USER", "XXGK_PASSWORD", "XXGK_ARTIFACTS"]);
const { page, step, consoleErrors, finish } = await start({ artifacts, prefix: "register-", fullPage: true });
async function background(selector) {
  return page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
}

await step("login", async () => {
  await page.goto(`${url}/register`);
  await page.fill("#name", user);
  await page.fill("#password", password);
  await page.click("#login-button");
  await page.waitForURL(/\/register/);
  await page.waitForSelector("#register-counts");
});

await step("register a request received online on 2025-01-20", async () => {
  await page.click("#register-new");
  await page.fill("#f-id", "2025-001");
  await page.selectOption("#f-applicant", "natural_person");
  await page.selectOption("#f-channel", "online");
  await page.fill("#f-received", "2025-01-20");
  await page.fill("#f-applicant-name", "王某");
  await page.fill("#f-content", "某地块征收补偿方案");
  await page.fill("#f-assignee", "李四");
  await page.click("#case-save");
  await page.waitForURL(/\/register\/2025-001$/);
  const due = await page.textContent("#due-date");
  check(due.includes("2025-02-21"), `due ${due}`);
});

await step("record an extension of 10 working days", async () => {
  await page.click("#case-edit");
  check((await page.inputValue("#form-version")) === "1", "the form is not based on version 1");
  await page.fill("#f-extension-approved", "2025-02-20");
  await page.fill("#f-extension-approver", "王主任");
  await page.fill("#f-extension-days", "10");
  await page.click("#case-save");
  await page.waitForURL(/\/register\/2025-001$/);
  const due = await page.textContent("#due-date");
  check(due.includes("2025-03-07"), `due ${due}`);
  check(await page.locator('#timeline li[data-step="extension"]').count() === 1, "no extension in the timeline");
});

await step("a bad extension is refused with the values kept", async () => {
  await page.click("#case-edit");
  await page.fill("#f-extension-days", "25");
  await page.click("#case-save");
  await page.waitForSelector("#form-errors");
  check((await page.inputValue("#f-extension-days")) === "25", "the entered value was lost");
});

await step("due soon in the list as of 2025-03-04", async () => {
  await page.goto(`${url}/register?as_of=2025-03-04`);
  const row = page.locator('#case-list tr[data-case="2025-001"]');
  check((await row.getAttribute("class")) === "due-soon", `class ${await row.getAttribute("class")}`);
  check((await page.getAttribute("#count-due-soon", "data-count")) === "1", "due-soon count");
  const bg = await background('#case-list tr[data-case="2025-001"]');
  check(bg !== "rgba(0, 0, 0, 0)" && bg !== "rgb(255, 255, 255)", `background ${bg}`);
});

await step("overdue in the list as of 2025-03-10", async () => {
  await page.goto(`${url}/register?as_of=2025-03-10`);
  const row = page.locator('#case-list tr[data-case="2025-001"]');
  check((await row.getAttribute("class")) === "overdue", `class ${await row.getAttribute("class")}`);
  check((await page.getAttribute("#count-overdue", "data-count")) === "1", "overdue count");
});

await step("open the timeline and the audit trail", async () => {
  await page.click('#case-list tr[data-case="2025-001"] a');
  await page.waitForSelector("#timeline");
  const steps = await page.locator("#timeline li").evaluateAll((items) => items.map((li) => li.dataset.step));
  check(steps.join(",") === "received,extension", `steps ${steps}`);
  const trail = await page.locator("#audit-trail tr[data-version]").count();
  check(trail === 2, `${trail} events`);
  check(await page.locator('#audit-trail li[data-field="extension.approver"]').count() === 1, "the change is not named");
  await page.locator("#timeline").scrollIntoViewIfNeeded();
});

await step("deadline calculator", async () => {
  await page.goto(`${url}/deadline?date=2025-01-20&channel=online&lang=en`);
  const due = await page.textContent("#due-date");
  check(due.includes("2025-02-21"), `due ${due}`);
  check(await page.locator("#explain-days tr.holiday").count() > 0, "no holiday marked");
  await page.goto(`${url}/deadline?date=2025-01-20&lang=zh`);
});

await step("table 3 counted from the register", async () => {
  await page.goto(`${url}/register/table3?year=2025`);
  const received = await page.textContent('#table3 [data-path="requests.received.natural_person"]');
  check(received.trim() === "1", `received ${received}`);
});

await step("no script errors in the console", async () => {
  check(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await finish();
