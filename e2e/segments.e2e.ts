/**
 * The segment pages against a real server: the RFM heat map and playbook sizes, building a
 * segment with a live count, saving it, filtering the customers list by it and opening one
 * customer's timeline.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./harness.ts";
import {
  chartSeries,
  chooseOption,
  logIn,
  openUiSession,
  seriesSum,
  shots,
  type UiSession,
} from "./session.ts";

const segmentName = "复购客户（≥2 单）";

/** The sum of a chart's first series. */
async function seriesTotal(page: Page, testId: string): Promise<number> {
  return seriesSum((await chartSeries(page, testId))[0]!);
}

describe("segments UI", () => {
  let ui: UiSession;
  let server: RunningServer;
  let page: Page;
  let shopCode = "";
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ui = await openUiSession("segments", { customers: 200, orders: 900 });
    ({ server, page, shopCode, pageErrors } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it("logs in and scores the shop's customers", async () => {
    await logIn(page, server);
    const res = await page.request.post(`${server.url}/api/shops/${shopCode}/segments/refresh`);
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { buyers: number }).buyers).toBeGreaterThan(0);
  });

  it("shows playbook sizes, the RFM heat map and groups", async () => {
    await page.getByRole("menuitem", { name: /客户分层/ }).click();
    await page.waitForURL(new RegExp(`/shops/${shopCode}/segments`));
    const canvas = page.locator('[data-testid="rfm-heatmap"] canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    expect(box?.height ?? 0).toBeGreaterThan(200);
    expect(await seriesTotal(page, "rfm-heatmap")).toBeGreaterThan(0);
    expect(await seriesTotal(page, "playbook-chart")).toBeGreaterThan(0);
    await page.getByTestId("rfm-groups").getByText("重要价值客户").waitFor();
    await page.getByTestId("layers").getByText("好评客户").waitFor();
    await page.waitForTimeout(400); // the charts' entrance animation
    await page.screenshot({ path: join(shots, "segments.png"), fullPage: true });
  });

  it("builds a segment with a live count and saves it", async () => {
    await page.getByTestId("new-segment").click();
    const drawer = page.getByTestId("segment-builder");
    await drawer.waitFor();
    const liveCount = async () => {
      const el = drawer.getByTestId("live-count");
      if ((await el.getAttribute("data-loading")) !== "false") return Number.NaN;
      return Number((await el.textContent())?.replace(/,/g, ""));
    };
    // No condition yet: everyone.
    await expect.poll(liveCount, { timeout: 15_000 }).toBeGreaterThan(0);
    const everyone = await liveCount();
    await drawer.getByTestId("add-condition").click(); // paid orders ≥ 2
    await expect.poll(liveCount, { timeout: 15_000 }).toBeLessThan(everyone);
    expect(await liveCount()).toBeGreaterThan(0);
    await drawer.getByTestId("live-sample").locator(".ant-table-row").first().waitFor();
    await drawer.getByTestId("segment-name").fill(segmentName);
    await page.screenshot({ path: join(shots, "segment-builder.png") });
    await drawer.getByTestId("builder-save").click();
    await drawer.waitFor({ state: "hidden" });
    const row = page
      .getByTestId("saved-segments")
      .locator(".ant-table-row", { hasText: segmentName });
    await row.waitFor();
    await row.locator('[data-testid="history-sparkline"] canvas').waitFor();
    // The export link answers a CSV with a header row and one line per member.
    const id = /segment=(\d+)/.exec(
      (await row.getByRole("link", { name: /成员/ }).getAttribute("href")) ?? "",
    )?.[1];
    const csv = await page.request.get(
      `${server.url}/api/shops/${shopCode}/segments/${id}/export?format=csv`,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split(/\r\n/);
    const size = Number((await row.locator("td").nth(1).textContent())?.replace(/,/g, ""));
    expect(lines.length).toBe(size + 1);
  });

  it("filters the customers list by the segment and opens a timeline", async () => {
    await page.goto(`${server.url}/shops/${shopCode}/customers`);
    await page.locator(".ant-table-tbody .ant-table-row").first().waitFor();
    // The unfiltered rows stay on screen until the members answer arrives: wait for it.
    const members = page.waitForResponse((r) => /\/segments\/\d+\/members/.test(r.url()));
    await chooseOption(page, page.getByTestId("segment-filter"), segmentName);
    await page.waitForURL(/[?&]segment=\d+/);
    await members;
    const rows = page.locator(".ant-table-tbody .ant-table-row");
    await rows.first().waitFor();
    // React renders the members a moment after their answer arrives.
    await expect
      .poll(
        async () =>
          (await rows.locator("td:nth-child(9)").allTextContents()).every(
            (n) => Number(n.replace(/,/g, "")) >= 2,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    // every member has at least two paid orders (the ninth column)
    const orders = await rows.locator("td:nth-child(9)").allTextContents();
    expect(orders.length).toBeGreaterThan(0);
    for (const n of orders) expect(Number(n.replace(/,/g, ""))).toBeGreaterThanOrEqual(2);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, "customers-segment.png") });

    await rows.first().click();
    const timeline = page.getByTestId("customer-timeline");
    await timeline.getByTestId("timeline-order").first().waitFor();
    expect(await timeline.getByTestId("timeline-order").count()).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, "customer-timeline.png") });
    expect(pageErrors).toEqual([]);
  });

  it("reads in English too", async () => {
    await page.goto(`${server.url}/shops/${shopCode}/segments`);
    await page.getByTestId("language-switch").getByText("English").click();
    await page.getByText("RFM heat map (recency R × frequency F)").waitFor();
    await page.getByTestId("saved-segments").getByText(segmentName).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, "segments-en.png"), fullPage: true });
    await page.getByTestId("language-switch").getByText("中文").click();
    expect(pageErrors).toEqual([]);
  });
});
