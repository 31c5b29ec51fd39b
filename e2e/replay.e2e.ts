/**
 * Replay and coupons in the promotions tab against a real server: a campaign's 满减 tiers and a
 * shop coupon replayed on the demo shop's orders of last year's window (the panel's default
 * period); the totals, SKU table, thresholds and chart shown equal the replay API's answer, and
 * the CSV and XLSX buttons download the server's files. Then the coupon is issued to a saved
 * segment in the browser, claimed with its code, and its claim code renewed. Last, a fourth
 * mechanic brings up the 1–3 mechanics warning in the tab.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatFen, formatInt, todayIn } from "../web/src/format.ts";
import { lastYearWindow } from "../web/src/promotions/model.ts";
import { tempDir } from "./harness.ts";
import {
  call,
  chartSeries,
  chooseOption,
  confirmPopup,
  logIn,
  openUiSession,
  seriesSum,
  shots,
  type UiSession,
} from "./session.ts";

interface Figures {
  units: number;
  listFen: number;
  discountFen: number;
  payableFen: number;
  platformFundedFen: number;
  giftCostFen: number;
  merchantNetFen: number;
  costFen: number;
  marginFen: number;
}

interface Replay {
  orders: number;
  totals: Figures;
  skus: (Figures & { sku: string })[];
  thresholds: { promotionId: number; thresholdFen: number; orders: number; share: number }[];
}

describe("promotions replay and coupons UI", () => {
  let ui: UiSession;
  let page: Page;
  let api = "";
  let campaignId = 0;
  let period = { from: "", to: "" };
  let answer: Replay;
  let couponId = 0;

  beforeAll(async () => {
    ui = await openUiSession("replay", { customers: 300, orders: 2000 });
    page = ui.page;
    api = `/api/shops/${ui.shopCode}`;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail")
      await page?.screenshot({ path: join(shots, "replay-failure.png"), fullPage: true });
  });

  afterAll(async () => {
    await ui?.close();
  });

  it("opens a campaign with 满减 tiers and a coupon; the period defaults to last year's window", async () => {
    await logIn(page, ui.server);
    const me = await call<{ shops: { code: string; timeZone: string }[] }>(page, "GET", "/api/me");
    const timeZone = me.body.shops.find((s) => s.code === ui.shopCode)?.timeZone;
    expect(timeZone).toBeTruthy();
    const skus = await call<{ items: { priceFen: number }[] }>(
      page,
      "GET",
      `${api}/skus?pageSize=200`,
    );
    const prices = skus.body.items.map((s) => s.priceFen).sort((a, b) => a - b);
    const median = prices[Math.floor(prices.length / 2)]!;

    const today = todayIn(timeZone!);
    const peak = new Date(`${today}T00:00:00Z`);
    peak.setUTCDate(peak.getUTCDate() + 30);
    const created = await call<{
      campaign: { id: number; phases: { warmupStart: string; peakEnd: string } };
    }>(page, "POST", `${api}/campaigns`, {
      name: "回放测试大促",
      peakDate: peak.toISOString().slice(0, 10),
    });
    expect(created.status).toBe(201);
    campaignId = created.body.campaign.id;
    const { warmupStart, peakEnd } = created.body.campaign.phases;

    // Tiers at one and three median prices: some orders reach the first, fewer the second.
    const low = Math.round(median / 100) * 100;
    for (const body of [
      {
        name: "满减两档",
        campaignId,
        definition: {
          kind: "manJian",
          tiers: [
            { thresholdFen: low, discountFen: Math.round(low / 1000) * 100 },
            { thresholdFen: low * 3, discountFen: Math.round((low * 3) / 500) * 100 },
          ],
        },
      },
      {
        name: "店铺券",
        campaignId,
        definition: {
          kind: "shopCoupon",
          thresholdFen: low * 2,
          amountFen: Math.round(low / 1000) * 100,
        },
        coupon: { issueLimit: 1000, perCustomerLimit: 1, validDays: 7 },
      },
    ]) {
      const r = await call<{ promotion: { id: number; isCoupon: boolean } }>(
        page,
        "POST",
        `${api}/promotions`,
        body,
      );
      expect(r.status).toBe(201);
      if (r.body.promotion.isCoupon) couponId = r.body.promotion.id;
    }

    await page.goto(`${ui.base}/campaigns/${campaignId}?tab=promotions`);
    await page.getByTestId("replay").scrollIntoViewIfNeeded();
    period = lastYearWindow(warmupStart, peakEnd);
    expect(period.from < warmupStart).toBe(true);
    const inputs = page.getByTestId("replay").locator(".ant-picker input");
    expect(await inputs.nth(0).inputValue()).toBe(period.from);
    expect(await inputs.nth(1).inputValue()).toBe(period.to);
  });

  it("shows the same totals, SKUs, thresholds and chart as the replay API", async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith("/replay"));
    await page.getByTestId("replay-run").click();
    expect((await answered).status()).toBe(200);
    await page.getByTestId("replay-totals").waitFor();

    const r = await call<Replay>(page, "POST", `${api}/replay`, {
      campaignId,
      ...period,
      couponsHeld: true,
    });
    expect(r.status).toBe(200);
    answer = r.body;
    // The demo history covers last year: the replay has orders and the offers cost something.
    expect(answer.orders).toBeGreaterThan(10);
    expect(answer.totals.discountFen).toBeGreaterThan(0);
    expect(answer.thresholds).toHaveLength(3);

    const value = async (id: string) =>
      (await page.getByTestId(id).locator(".ant-statistic-content-value").textContent()) ?? "";
    expect(await value("replay-orders")).toBe(formatInt(answer.orders));
    expect(await value("replay-list")).toBe(formatFen(answer.totals.listFen));
    expect(await value("replay-discount")).toBe(formatFen(answer.totals.discountFen));
    expect(await value("replay-gift")).toBe(formatFen(answer.totals.giftCostFen));
    expect(await value("replay-net")).toBe(formatFen(answer.totals.merchantNetFen));
    expect(await value("replay-margin")).toBe(formatFen(answer.totals.marginFen));

    const total = page.getByTestId("replay-total-row").locator("td");
    expect(await total.nth(1).textContent()).toBe(formatInt(answer.totals.units));
    expect(await total.nth(3).textContent()).toBe(formatFen(answer.totals.discountFen));
    expect(await total.nth(9).textContent()).toBe(formatFen(answer.totals.marginFen));

    const thresholdRows = page.getByTestId("replay-thresholds").locator("tbody tr");
    expect(await thresholdRows.count()).toBe(answer.thresholds.length);
    for (const [i, th] of answer.thresholds.entries()) {
      const cells = thresholdRows.nth(i).locator("td");
      expect(await cells.nth(2).textContent()).toBe(formatFen(th.thresholdFen));
      expect(await cells.nth(3).textContent()).toBe(formatInt(th.orders));
      expect(await cells.nth(4).textContent()).toContain(`${(th.share * 100).toFixed(1)}%`);
    }

    // The chart: the SKUs with the largest discount cost, in 元.
    const top = [...answer.skus].sort((a, b) => b.discountFen - a.discountFen).slice(0, 15);
    const [discount, margin] = await chartSeries(page, "replay-chart", 2);
    expect(Math.round(seriesSum(discount!) * 100)).toBe(top.reduce((a, s) => a + s.discountFen, 0));
    expect(Math.round(seriesSum(margin!) * 100)).toBe(top.reduce((a, s) => a + s.marginFen, 0));

    await page.getByTestId("replay").scrollIntoViewIfNeeded();
    await page.getByTestId("replay").screenshot({ path: join(shots, "promotions-replay.png") });
  });

  it("downloads the replay as CSV and XLSX", async () => {
    const dir = tempDir("dacu-e2e-replay-dl-");
    const csvDl = page.waitForEvent("download");
    await page.getByTestId("replay-csv").click();
    const csv = await csvDl;
    expect(csv.suggestedFilename()).toBe(`replay-${ui.shopCode}-${period.from}-${period.to}.csv`);
    const csvPath = join(dir, "replay.csv");
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).split("\r\n");
    expect(rows[0]).toBe(
      "SKU,件数 units,原价(分) list fen,优惠(分) discount fen,实付(分) payable fen," +
        "平台承担(分) platform-funded fen,赠品成本(分) gift cost fen," +
        "商家净收入(分) merchant net fen,成本(分) cost fen,毛利(分) margin fen",
    );
    // Header, one row per SKU, the total; a blank line; the thresholds' header and rows.
    const blank = rows.indexOf("");
    expect(blank).toBe(answer.skus.length + 2);
    expect(rows[blank - 1]!.split(",")).toEqual([
      "合计 total",
      ...[
        answer.totals.units,
        answer.totals.listFen,
        answer.totals.discountFen,
        answer.totals.payableFen,
        answer.totals.platformFundedFen,
        answer.totals.giftCostFen,
        answer.totals.merchantNetFen,
        answer.totals.costFen,
        answer.totals.marginFen,
      ].map(String),
    ]);
    expect(rows.slice(blank + 2).filter((l) => l !== "")).toHaveLength(answer.thresholds.length);

    const xlsxDl = page.waitForEvent("download");
    await page.getByTestId("replay-xlsx").click();
    const xlsx = await xlsxDl;
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsxPath = join(dir, "replay.xlsx");
    await xlsx.saveAs(xlsxPath);
    expect(readFileSync(xlsxPath).subarray(0, 2).toString("latin1")).toBe("PK");
    expect(ui.pageErrors).toEqual([]);
  });

  it("issues the coupon to a saved segment, counts a claim and renews the claim code", async () => {
    expect(couponId).toBeGreaterThan(0);
    expect((await call(page, "POST", `${api}/segments/refresh`)).status).toBe(200);
    const seg = await call<{ segment: { id: number } }>(page, "POST", `${api}/segments`, {
      name: "会员发券",
      description: "",
      definition: { kind: "member", value: true },
    });
    expect(seg.status).toBe(201);
    const members = await call<{ total: number; items: { id: number }[] }>(
      page,
      "GET",
      `${api}/segments/${seg.body.segment.id}/members?page=1&pageSize=200`,
    );
    const size = members.body.total;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(200);

    await page.reload();
    const block = page.getByTestId(`coupon-${couponId}`);
    await block.scrollIntoViewIfNeeded();
    await block.getByText("还没有发出的券").waitFor();
    await page.getByTestId(`coupon-issue-${couponId}`).click();
    await chooseOption(page, page.getByTestId("issue-segment"), "会员发券");
    await page.getByTestId("issue-confirm").click();
    await page.getByText(`已发放 ${size} 张，跳过 0 人`).waitFor();
    const stat = async (what: string) =>
      (await page
        .getByTestId(`coupon-${what}-${couponId}`)
        .locator(".ant-statistic-content-value")
        .textContent()) ?? "";
    await expect.poll(() => stat("issued")).toBe(String(size));
    expect(await stat("claimed")).toBe("0");

    // A buyer outside the segment claims with the code (published first, owner's override).
    const pub = await call(page, "POST", `${api}/promotions/${couponId}/publish`, {
      override: true,
      reason: "发券测试：先发布券",
    });
    expect(pub.status).toBe(200);
    const inSegment = new Set(members.body.items.map((m) => m.id));
    const customers = await call<{ items: { id: number }[] }>(
      page,
      "GET",
      `${api}/customers?pageSize=200`,
    );
    const outsider = customers.body.items.find((c) => !inSegment.has(c.id));
    expect(outsider).toBeDefined();
    await page.reload();
    const oldCode = (await page.getByTestId(`coupon-code-${couponId}`).innerText()).trim();
    expect(oldCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const claim = await call(page, "POST", `${api}/coupons/claim`, {
      code: oldCode,
      customerId: outsider!.id,
    });
    expect(claim.status).toBe(201);

    await page.reload();
    await page.getByTestId(`coupon-${couponId}`).scrollIntoViewIfNeeded();
    await expect.poll(() => stat("claimed")).toBe("1");
    expect(await stat("issued")).toBe(String(size));
    expect(await stat("redeemed")).toBe("0");
    const api2 = await call<{ total: number }>(
      page,
      "GET",
      `${api}/promotions/${couponId}/coupons?pageSize=1`,
    );
    expect(api2.body.total).toBe(size + 1);

    await page.getByTestId(`coupon-renew-${couponId}`).click();
    await confirmPopup(page);
    await page.getByText("已更换领券码").waitFor();
    await expect
      .poll(async () => (await page.getByTestId(`coupon-code-${couponId}`).innerText()).trim())
      .not.toBe(oldCode);
    const list = await call<{ promotions: { id: number; coupon?: { claimCode: string } }[] }>(
      page,
      "GET",
      `${api}/promotions?campaignId=${campaignId}`,
    );
    const newCode = list.body.promotions.find((p) => p.id === couponId)?.coupon?.claimCode;
    expect((await page.getByTestId(`coupon-code-${couponId}`).innerText()).trim()).toBe(newCode);
    await page.getByTestId(`coupon-${couponId}`).screenshot({
      path: join(shots, "promotions-coupons.png"),
    });
    expect(ui.pageErrors).toEqual([]);
  });

  it("warns in the tab once the campaign uses more than three mechanics", async () => {
    await page.reload();
    await page.getByTestId("promotion-table").waitFor();
    expect(await page.getByTestId("promotions-advice-too_many_mechanics").count()).toBe(0);
    for (const [name, definition] of [
      ["九五折", { kind: "timeDiscount", rateBp: 9500 }],
      ["买二送一", { kind: "buyNGetM", buyQty: 2, freeQty: 1 }],
    ] as const) {
      const r = await call(page, "POST", `${api}/promotions`, { name, campaignId, definition });
      expect(r.status).toBe(201);
    }
    await page.reload();
    const banner = page.getByTestId("promotions-advice-too_many_mechanics");
    await banner.waitFor();
    const text = (await banner.textContent()) ?? "";
    expect(text).toContain("4 种玩法（买N送M、满减、店铺优惠券、限时折扣）");
    expect(text).toContain("1–3");
    await page.screenshot({ path: join(shots, "promotions-advice.png") });
    expect(ui.pageErrors).toEqual([]);
  });
});
