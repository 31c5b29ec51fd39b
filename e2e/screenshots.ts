/**
 * Screenshots of every page for a visual check: `npx tsx e2e/screenshots.ts` (writes
 * e2e/screenshots/*.png, which git ignores). Same server and browser set-up as the tests.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ensureWebBuilt, freePort, launchBrowser, root, startServer, tempDir } from "./harness.ts";
import { sampleImportFile, stubImportApi } from "./import-stub.ts";
import { emptyShop, seedDataDir } from "./seed.ts";

const out = join(root, "e2e/screenshots");
mkdirSync(out, { recursive: true });
ensureWebBuilt();
const dataDir = tempDir("dacu-shots-");
const password = "shots-Secret-2026";
const env = {
  DACU_DATA_DIR: dataDir,
  DACU_ADMIN_PASSWORD: password,
  DACU_DEMO_CUSTOMERS: process.env.DACU_DEMO_CUSTOMERS ?? "3000",
  DACU_DEMO_ORDERS: process.env.DACU_DEMO_ORDERS ?? "20000",
};
const { shopCode } = await seedDataDir(dataDir, env);
const server = await startServer({ ...env, PORT: String(await freePort()) });
const browser = await launchBrowser();
const lang = process.env.SHOT_LANG === "en" ? "en" : "zh-CN";

async function shot(page: Page, name: string, full = true): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({
    path: join(out, `${name}${lang === "en" ? "-en" : ""}.png`),
    fullPage: full,
  });
  console.log("saved", name);
}

try {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning")
      console.error(`console ${m.type()}:`, m.text());
  });
  await page.addInitScript((l) => localStorage.setItem("dacu.language", l), lang);
  await page.goto(`${server.url}/login`);
  await page.locator("#username").waitFor();
  await shot(page, "login");
  await page.locator("#username").fill(server.username);
  await page.locator("#password").fill(password);
  await page.locator("button[type=submit]").click();
  await page.waitForURL(/overview$/);
  await page.locator('[data-testid="gmv-chart"] canvas').waitFor();
  await shot(page, "overview");
  await page.getByTestId("overview-range").first().click();
  await shot(page, "overview-range", false);
  await page.keyboard.press("Escape");
  const base = `${server.url}/shops/${shopCode}`;
  for (const p of ["products", "customers", "orders", "import", "outreach"]) {
    await page.goto(`${base}/${p}`);
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => !document.querySelector(".ant-spin-spinning"));
    await shot(page, p);
  }
  for (const p of ["overview", "products", "customers"]) {
    await page.goto(`${server.url}/shops/${emptyShop.code}/${p}`);
    await page.waitForLoadState("networkidle");
    await shot(page, `empty-${p}`, false);
  }
  await stubImportApi(page);
  await page.goto(`${base}/import`);
  await page.waitForLoadState("networkidle");
  await page.setInputFiles("[data-testid=import-file] input[type=file]", sampleImportFile);
  await page.getByRole("checkbox").check();
  await page.locator("button[type=submit]").click();
  await page.getByTestId("import-result").waitFor();
  await shot(page, "import-running");
  await page.getByText("已导入 1180 笔订单").waitFor({ timeout: 10_000 });
  await shot(page, "import-done");
  await page.unroute("**/api/shops/*/imports**");
  await page.goto(`${base}/orders`);
  await page.locator(".ant-table-row").first().click();
  await page.waitForTimeout(1500);
  await shot(page, "order-drawer", false);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
