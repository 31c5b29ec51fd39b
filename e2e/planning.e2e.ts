/**
 * Calendar and campaign planning against a real server: the 2026 calendar (中秋节 on 09-25,
 * 春节 days off), a campaign created from 双11 through the drawer with its live ROI, the
 * generated schedule on the Gantt (slot negotiation moved to 09-30 by the National Day
 * break), one task marked done, and a schedule-template task edited and saved. The plan's
 * budget table adds and removes a line on the way; the list shows the new campaign next to
 * the demo shop's own campaigns.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption, logIn, openUiSession, shots, type UiSession } from "./session.ts";

describe("planning UI", () => {
  let ui: UiSession;
  let page: Page;
  let base = "";
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ui = await openUiSession("planning", { customers: 300, orders: 1500 });
    ({ page, base, pageErrors } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it("logs in and opens the calendar from the menu", async () => {
    await logIn(page, ui.server);
    await page.getByRole("menuitem", { name: /日历/ }).click();
    await page.waitForURL(/\/calendar/);
    await page.getByTestId("month-grid").waitFor();
  });

  it("shows 中秋节 on 2026-09-25 and the 春节 days off", async () => {
    await page.goto(`${base}/calendar?year=2026&month=9&view=month`);
    const midAutumn = page.getByTestId("day-2026-09-25");
    await midAutumn.getByTestId("node-mid-autumn").waitFor();
    expect(await midAutumn.getByTestId("node-mid-autumn").textContent()).toBe("中秋节");
    expect(await midAutumn.getByTestId("off-day").textContent()).toContain("中秋节");
    expect(await page.getByTestId("holidays-status").textContent()).toContain("已公布");
    // 国庆 make-up workday on Sunday 09-20.
    expect(await page.getByTestId("day-2026-09-20").getByTestId("make-up-day").count()).toBe(1);
    await page.screenshot({ path: join(shots, "calendar-month.png"), fullPage: true });

    await page.goto(`${base}/calendar?year=2026&month=2&view=month`);
    await page.getByTestId("day-2026-02-17").getByTestId("node-spring-festival").waitFor();
    for (const d of ["15", "17", "23"]) {
      const off = page.getByTestId(`day-2026-02-${d}`).getByTestId("off-day");
      expect(await off.textContent()).toContain("春节");
    }
    expect(await page.getByTestId("day-2026-02-14").getByTestId("make-up-day").count()).toBe(1);

    await page.goto(`${base}/calendar?year=2026&view=year`);
    await page.getByTestId("year-grid").waitFor();
    await page.screenshot({ path: join(shots, "calendar-year.png"), fullPage: true });
  });

  it("marks a year without official holidays as not yet announced", async () => {
    await page.goto(`${base}/calendar?year=2027&month=2&view=month`);
    await page.getByTestId("not-announced").getByText("尚未公布").first().waitFor();
    expect(await page.getByTestId("enter-holidays").isEnabled()).toBe(true); // the owner may enter them
  });

  let createdId = "";
  it("creates a campaign from 双11 with a live ROI", async () => {
    await page.goto(`${base}/calendar?year=2026&month=11&view=month`);
    await page.getByTestId("create-from-double-11").click();
    const drawer = page.getByTestId("create-campaign");
    await drawer.getByTestId("create-name").waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector("[data-testid=create-name]") as HTMLInputElement | null)?.value ===
        "2026 双11 购物狂欢节",
    );
    await page.getByTestId("channel-gmv-0").fill("1,000,000");
    await page.getByTestId("budget-amount-0").fill("80000.00");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=forecast-roi]")?.textContent?.includes("12.50"),
    );
    await page.screenshot({ path: join(shots, "campaign-create.png") });
    // A second budget line (¥20,000) brings the ROI to 10.00; removing it restores 12.50
    // (removing the first line instead would give 50.00).
    await drawer.getByRole("button", { name: "添加一行" }).nth(2).click();
    await page.getByTestId("budget-amount-1").fill("20000.00");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=forecast-roi]")?.textContent?.includes("10.00"),
    );
    await drawer
      .locator(".ant-table-row", { has: page.getByTestId("budget-amount-1") })
      .getByRole("button")
      .click();
    expect(await page.getByTestId("budget-amount-1").count()).toBe(0);
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=forecast-roi]")?.textContent?.includes("12.50"),
    );
    await page.getByTestId("create-submit").click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    createdId = /\/campaigns\/(\d+)$/.exec(page.url())?.[1] ?? "";
    expect(await page.getByTestId("campaign-name").textContent()).toBe("2026 双11 购物狂欢节");
    expect(await page.getByTestId("forecast-roi").textContent()).toContain("12.50");
  });

  it("shows the generated schedule on the Gantt and marks a task done", async () => {
    const slot = page.getByTestId("task-slot-negotiation");
    await slot.waitFor();
    // T-35 = 10-07 is in the National Day break: moved to the last working day before it.
    expect(await slot.textContent()).toContain("09-30");
    await page.getByText("资源").first().waitFor(); // grouped by category from the template
    expect(await page.getByTestId("tasks-done").textContent()).toBe("0/29");
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, "campaign-gantt.png"), fullPage: true });

    await page.getByTestId("task-stock-ready").click();
    const drawer = page.getByTestId("task-drawer");
    await drawer.getByText("已完成").click();
    await page.getByTestId("task-save").click();
    await page.getByText("任务已更新").waitFor();
    await page.waitForFunction(
      () => document.querySelector("[data-testid=tasks-done]")?.textContent === "1/29",
    );

    await page.getByRole("tab", { name: /大促当天分时目标/ }).click();
    await page.locator('[data-testid="hourly-chart"] canvas').first().waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, "campaign-hourly.png") });
  });

  it("lists the campaign with its ROI and task progress", async () => {
    await page.getByRole("menuitem", { name: /活动/ }).click();
    await page.waitForURL(/\/campaigns$/);
    // The demo shop's own two campaigns (its last 双11 and the next node) are listed too.
    const rows = page.locator("[data-testid=campaign-table] .ant-table-row");
    const row = rows.filter({ has: page.locator(`a[href$="/campaigns/${createdId}"]`) });
    await row.waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=campaign-table] .ant-table-row").length === 3,
    );
    // the node's name comes with the calendars of the campaigns' years, after the list (until
    // then the cell shows the node's key)
    await row.filter({ hasText: "购物狂欢节双11" }).waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("2026 双11 购物狂欢节双11");
    expect(text).toContain("12.50");
    expect(text).toContain("1/29");
    expect(text).toContain("¥1,000,000.00");
    await page.screenshot({ path: join(shots, "campaigns.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("edits a task of the schedule template and saves it", async () => {
    await page.goto(`${base}/campaigns?tab=template`);
    const first = () => page.locator("[data-testid=template-table] .ant-table-row").first();
    await first().waitFor();
    await first().locator("input").nth(1).fill("确认大促报名");
    await chooseOption(page, first().locator(".ant-select").last(), "顺延到下一个工作日");
    await page.getByTestId("template-save").click();
    await page.getByText(/模板已保存/).waitFor();
    await page.reload();
    await first().waitFor();
    expect(await first().locator("input").nth(1).inputValue()).toBe("确认大促报名");
    expect(await first().textContent()).toContain("顺延到下一个工作日");
    expect(pageErrors).toEqual([]);
  });
});
