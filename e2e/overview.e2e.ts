/**
 * The web UI against a real server: log in through the form, the overview's ECharts chart,
 * the language switch, the list pages, and the way back to login when the session is gone.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type RunningServer, root } from "./harness.ts";
import { sampleImportFile, stubImportApi } from "./import-stub.ts";
import { analyst, emptyShop } from "./seed.ts";
import {
  chartSeries,
  chooseOption,
  logIn,
  openUiSession,
  password,
  seriesSum,
  shots,
  type UiSession,
} from "./session.ts";

describe("web UI", () => {
  let ui: UiSession;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let shopCode = "";
  let shopName = "";
  let hasOrders = false;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ui = await openUiSession("overview", { customers: 300, orders: 1500 });
    ({ server, browser, page, shopCode, shopName, pageErrors } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it("sends a visitor to the login page and shows the server's error in Chinese", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await page.locator("#username").fill(server.username);
    await page.locator("#password").fill("wrong-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
  });

  it("logs in through the form and lands on the overview", async () => {
    await page.locator("#password").fill(password);
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(new RegExp(`/shops/${shopCode}/overview$`));
    await page.getByText("每日成交额与订单数").waitFor();
  });

  it("draws GMV and orders by day with ECharts", async () => {
    const canvas = page.locator('[data-testid="gmv-chart"] canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    expect(box?.height ?? 0).toBeGreaterThan(100);

    const ordersKpi = (await page.getByTestId("kpi-orders").textContent()) ?? "";
    hasOrders = !/订单\s*0$/.test(ordersKpi.trim()) && /\d/.test(ordersKpi);
    if (hasOrders) {
      const sums = (await chartSeries(page, "gmv-chart", 2)).map(seriesSum);
      expect(sums[0]).toBeGreaterThan(0);
      expect(sums[1]).toBeGreaterThan(0);
    }
    await page.waitForTimeout(400); // let the bars finish their entrance animation
    await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });
  });

  it("narrows the period with a preset of the date-range picker", async () => {
    const days = () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-testid="gmv-chart"]');
        const ec = (
          window as unknown as { dacuEcharts?: { getInstanceByDom(e: Element): unknown } }
        ).dacuEcharts;
        const chart = el && ec ? (ec.getInstanceByDom(el) as { getOption(): unknown }) : undefined;
        const opt = chart?.getOption() as { xAxis?: { data?: unknown[] }[] } | undefined;
        return opt?.xAxis?.[0]?.data?.length ?? 0;
      });
    expect(await days()).toBe(365);
    await page.getByTestId("overview-range").first().click();
    await page.getByText("近 30 天").click();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="gmv-chart"]');
      const ec = (window as unknown as { dacuEcharts: { getInstanceByDom(e: Element): unknown } })
        .dacuEcharts;
      const chart = el ? (ec.getInstanceByDom(el) as { getOption(): unknown }) : undefined;
      const opt = chart?.getOption() as { xAxis?: { data?: unknown[] }[] } | undefined;
      return opt?.xAxis?.[0]?.data?.length === 30;
    });
    await page.keyboard.press("Escape");
  });

  it("switches to English and back", async () => {
    await page.getByTestId("language-switch").getByText("English").click();
    await page.getByText("GMV and orders by day").waitFor();
    await page.getByRole("menuitem", { name: /Products/ }).waitFor();
    await page.reload();
    await page.getByText("GMV and orders by day").waitFor(); // remembered
    await page.getByTestId("language-switch").getByText("中文").click();
    await page.getByText("每日成交额与订单数").waitFor();
  });

  it("lists products with prices in 元", async () => {
    await page.getByRole("menuitem", { name: /商品/ }).click();
    await page.waitForURL(/\/products$/);
    await page.getByRole("heading", { name: "商品" }).waitFor();
    await page.locator(".ant-table-row").first().waitFor();
    const row = (await page.locator(".ant-table-row").first().textContent()) ?? "";
    expect(row).toMatch(/¥[\d,]+\.\d{2}/);
    await page.screenshot({ path: join(shots, "products.png"), fullPage: true });
  });

  it("lists customers", async () => {
    await page.getByRole("menuitem", { name: /客户$/ }).click();
    await page.waitForURL(/\/customers$/);
    await page.getByRole("heading", { name: "客户" }).waitFor();
    await page.locator(".ant-table-row").first().waitFor();
    await page.screenshot({ path: join(shots, "customers.png"), fullPage: true });
  });

  it("filters orders by a Chinese status name and opens one in the drawer", async () => {
    await page.getByRole("menuitem", { name: /订单/ }).click();
    await page.waitForURL(/\/orders$/);
    await page.getByRole("heading", { name: "订单" }).waitFor();
    await page.locator(".ant-table-row").first().waitFor();

    await chooseOption(page, page.getByTestId("order-status-filter"), "已发货");
    await page.waitForURL(/status=shipped/);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll(".ant-table-row")];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes("已发货"));
    });

    const orderNo = (await page.locator(".ant-table-row td").first().textContent())?.trim() ?? "";
    await page.locator(".ant-table-row").first().click();
    const drawer = page.getByRole("dialog");
    await drawer.getByText("商品明细").waitFor();
    await drawer.getByText("物流轨迹").waitFor();
    await drawer.getByText(orderNo, { exact: false }).first().waitFor();
    await page.screenshot({ path: join(shots, "orders.png") });
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
  });

  it("switches shop from the header and explains an empty shop", async () => {
    await page.getByRole("menuitem", { name: /概览/ }).click();
    await chooseOption(page, page.getByTestId("shop-switcher"), emptyShop.name);
    await page.waitForURL(new RegExp(`/shops/${emptyShop.code}/overview$`));
    await page.getByText("所选周期内没有已支付订单", { exact: false }).waitFor();
    await page.locator('[data-testid="gmv-chart"] canvas').first().waitFor();
    await page.getByRole("menuitem", { name: /订单/ }).click();
    await page.getByText("没有符合条件的订单", { exact: false }).waitFor();
    await chooseOption(page, page.getByTestId("shop-switcher"), shopName);
    await page.waitForURL(new RegExp(`/shops/${shopCode}/orders$`));
  });

  it("uploads a file on the import page and follows the job to its result", async () => {
    const stub = await stubImportApi(page);
    await page.getByRole("menuitem", { name: /导入/ }).click();
    await page.waitForURL(/\/import$/);
    await page.setInputFiles("[data-testid=import-file] input[type=file]", sampleImportFile);
    await page.getByText("只导入有效行").click();
    await page.getByRole("button", { name: "开始导入" }).click();
    const result = page.getByTestId("import-result");
    await result.getByText("已导入 1180 笔订单").waitFor({ timeout: 10_000 });
    await result.getByText("金额格式无效：12,3.4").waitFor();
    expect(stub.polls()).toBeGreaterThanOrEqual(3);
    expect(stub.posted()).toMatchObject({
      file: sampleImportFile.name,
      format: "taobao",
      validOnly: "true",
    });
    await page.unroute("**/api/shops/*/imports**");
  });

  it("imports a Taobao order report with bad rows through the real API", async () => {
    const file = join(root, "docs/examples/import/ExportOrderList-bad-rows.csv");
    await page.goto(`${server.url}/shops/${shopCode}/import`);
    const result = page.getByTestId("import-result");

    // All or nothing: the bad rows refuse the whole file.
    await page.setInputFiles("[data-testid=import-file] input[type=file]", file);
    await page.getByRole("button", { name: "开始导入" }).click();
    await result.getByText("已拒绝").waitFor({ timeout: 60_000 });
    await result.getByText("未导入任何数据", { exact: false }).waitFor();
    expect(await result.locator(".ant-table-row").count()).toBeGreaterThan(0);

    // Only valid rows: the good orders go in, the bad ones are listed.
    await page.getByRole("checkbox", { name: "只导入有效行" }).check();
    await page.getByRole("button", { name: "开始导入" }).click();
    await result.getByText("已完成").waitFor({ timeout: 60_000 });
    const stats = (await result.textContent()) ?? "";
    expect(stats).toMatch(/新增\s*2/);
    expect(stats).toMatch(/错误行\s*3/);
    await page.screenshot({ path: join(shots, "import.png"), fullPage: true });
  });

  it("returns to the login page when the session is gone", async () => {
    await browser.context.clearCookies();
    await page.getByRole("menuitem", { name: /概览/ }).click();
    await page.waitForURL(/\/login$/);
  });

  it("tells a role without access to personal data that phone numbers are masked", async () => {
    await logIn(page, server, analyst.password, analyst.username);
    await page.getByTestId("current-user").getByText("分析师小王").waitFor();
    await page.getByRole("menuitem", { name: /客户$/ }).click();
    await page.getByTestId("pii-masked").getByText("手机号已脱敏", { exact: false }).waitFor();
    const row = (await page.locator(".ant-table-row").first().textContent()) ?? "";
    expect(row).toMatch(/1\d{2}\*{4}\d{4}/);
    expect(pageErrors).toEqual([]);
  });
});
