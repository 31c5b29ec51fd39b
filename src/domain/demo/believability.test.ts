import { beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, dayInfo, localDay, SPRING_FESTIVAL } from "./calendar.ts";
import { generateDemoShop } from "./generate.ts";
import { DEMO_EMAIL_DOMAINS, DEMO_PHONE_PATTERN } from "./people.ts";
import type { DemoCustomer, DemoOrder, DemoShop } from "./types.ts";

const NOW = new Date("2026-11-23T12:00:00+08:00");
const HOUR = 3_600_000;
const localHour = (t: number) => Math.floor(((t + 8 * HOUR) % DAY_MS) / HOUR);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("demo data is believable (3,000 customers, 20,000 orders)", () => {
  let shop: DemoShop;
  const orders: DemoOrder[] = [];
  const customers: DemoCustomer[] = [];
  const perDay = new Map<number, number>();
  const now = NOW.getTime();

  beforeAll(() => {
    shop = generateDemoShop({ seed: 2026, customers: 3000, orders: 20_000, now: NOW });
    for (const b of shop.batches()) {
      customers.push(...b.customers);
      for (const o of b.orders) {
        orders.push(o);
        const d = localDay(o.createdAt);
        perDay.set(d, (perDay.get(d) ?? 0) + 1);
      }
    }
  });

  it("has the requested sizes and two years of history up to now", () => {
    expect(orders).toHaveLength(20_000);
    expect(customers).toHaveLength(3000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(3000);
    expect(new Set(orders.map((o) => o.orderNo)).size).toBe(20_000);
    expect(orders.every((o) => /^\d{18,19}$/.test(o.orderNo))).toBe(true);
    const first = Math.min(...orders.map((o) => o.createdAt));
    expect(now - first).toBeGreaterThan(720 * DAY_MS);
    expect(orders.every((o) => o.createdAt <= now)).toBe(true);
  });

  it("has ~300 SKUs over several categories with hero SKUs selling far more", () => {
    expect(shop.skus.length).toBe(300);
    expect(new Set(shop.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    const heroes = shop.skus.filter((s) => s.isHero);
    expect(heroes).toHaveLength(10);
    const badMargin = shop.skus.filter((s) => {
      const margin = 1 - s.costFen / s.priceFen;
      return margin < 0.28 || margin > 0.67 || (s.floorPriceFen !== null && s.floorPriceFen < s.costFen); // biome-ignore format: one line
    });
    expect(badMargin).toEqual([]);
    const heroRefs = new Set(heroes.map((h) => h.ref));
    let heroUnits = 0;
    let units = 0;
    for (const o of orders)
      for (const l of o.lines) {
        units += l.quantity;
        if (heroRefs.has(l.skuRef)) heroUnits += l.quantity;
      }
    // 10 of 300 SKUs (3 %) sell a quarter or more of all units.
    expect(heroUnits / units).toBeGreaterThan(0.25);
  });

  it("peaks on Double 11 at 10–20× a normal day, mostly in the first two hours", () => {
    const d11 = localDay(Date.parse("2026-11-11T12:00:00+08:00"));
    const around: number[] = [];
    for (let d = d11 - 60; d <= d11 + 10; d++)
      if (dayInfo(d).node === "normal") around.push(perDay.get(d) ?? 0);
    const ratio = (perDay.get(d11) ?? 0) / median(around);
    expect(ratio).toBeGreaterThanOrEqual(10);
    expect(ratio).toBeLessThanOrEqual(20);
    const day = orders.filter((o) => localDay(o.createdAt) === d11);
    expect(day.filter((o) => localHour(o.createdAt) < 2).length / day.length).toBeGreaterThan(0.5);
    // 618 and Double 12 are smaller peaks.
    const d618 = localDay(Date.parse("2026-06-18T12:00:00+08:00"));
    expect((perDay.get(d618) ?? 0) / median(around)).toBeGreaterThan(3);
    expect(perDay.get(d618) ?? 0).toBeLessThan(perDay.get(d11) ?? 0);
  });

  it("is quiet around Spring Festival", () => {
    const sf = Math.floor(Date.parse(`${SPRING_FESTIVAL[2026]}T00:00:00Z`) / DAY_MS);
    const before: number[] = [];
    for (let d = sf - 60; d < sf - 30; d++) before.push(perDay.get(d) ?? 0);
    expect((perDay.get(sf) ?? 0) / median(before)).toBeLessThan(0.5);
    // No parcel leaves on Spring Festival's eve and day.
    const shippedOn = orders.filter(
      (o) => o.shippedAt !== null && Math.abs(localDay(o.shippedAt) - sf) <= 1,
    );
    expect(shippedOn).toHaveLength(0);
  });

  it("shows the weekly and daily rhythm", () => {
    const weekend: number[] = [];
    const weekday: number[] = [];
    for (const [d, n] of perDay) {
      if (dayInfo(d).node !== "normal") continue;
      const wd = new Date(d * DAY_MS).getUTCDay();
      if (wd === 0 || wd === 6) weekend.push(n);
      else if (wd >= 1 && wd <= 4) weekday.push(n);
    }
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(avg(weekend) / avg(weekday)).toBeGreaterThan(1.12);
    const normal = orders.filter((o) => o.node === "normal");
    const evening = normal.filter((o) => localHour(o.createdAt) >= 20).length;
    const night = normal.filter((o) => {
      const h = localHour(o.createdAt);
      return h >= 2 && h < 6;
    }).length;
    expect(evening / night).toBeGreaterThan(8);
  });

  it("has a heavy-tailed repeat purchase distribution", () => {
    const perCustomer = new Map<number, number>();
    for (const o of orders) perCustomer.set(o.customerRef, (perCustomer.get(o.customerRef) ?? 0) + 1); // biome-ignore format: one line
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    const oneOrTwo = counts.filter((c) => c <= 2).length / counts.length;
    expect(oneOrTwo).toBeGreaterThan(0.5);
    const repeat = counts.filter((c) => c >= 2).length / counts.length;
    expect(repeat).toBeGreaterThan(0.25);
    expect(repeat).toBeLessThan(0.7);
    const top10 = counts.slice(0, Math.ceil(counts.length / 10)).reduce((s, c) => s + c, 0);
    expect(top10 / orders.length).toBeGreaterThan(0.4);
    // Some customers were first seen on a big sale.
    expect(customers.some((c) => c.tags.includes("双11新客"))).toBe(true);
  });

  it("refunds 5–10 % of paid orders, more after Double 11", () => {
    const paid = orders.filter((o) => o.paidAt !== null);
    const share = paid.filter((o) => o.refundFen > 0).length / paid.length;
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.1);
    const d11 = paid.filter((o) => o.node === "double11");
    const d11share = d11.filter((o) => o.afterSales.length > 0).length / d11.length;
    const normal = paid.filter((o) => o.node === "normal");
    const normalShare = normal.filter((o) => o.afterSales.length > 0).length / normal.length;
    expect(d11share).toBeGreaterThan(normalShare);
    expect(
      d11.some((o) => o.afterSales.some((a) => a.reason === "缺货" || a.reason === "发货太慢")),
    ).toBe(true);
  });

  it("uses only non-routable phone numbers and reserved e-mail domains", () => {
    expect(customers.filter((c) => !DEMO_PHONE_PATTERN.test(c.phone))).toEqual([]);
    const emails = customers.flatMap((c) => (c.email ? [c.email] : []));
    expect(emails.length).toBeGreaterThan(500);
    expect(emails.filter((e) => !DEMO_EMAIL_DOMAINS.some((d) => e.endsWith(`@${d}`)))).toEqual([]);
    expect(customers.flatMap((c) => c.consents).filter((k) => k.at > now)).toEqual([]);
    expect(orders.every((o) => DEMO_PHONE_PATTERN.test(o.receiverPhone))).toBe(true);
    expect(customers.filter((c) => c.consents.some((k) => k.channel === "sms")).length).toBeGreaterThan(1000); // biome-ignore format: one line
  });

  it("looks like Chinese customers: common surnames and coastal provinces lead", () => {
    const tally = (xs: string[]) => {
      const m = new Map<string, number>();
      for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
      return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    };
    expect(tally(customers.map((c) => c.name[0]!)).slice(0, 5)).toEqual(
      expect.arrayContaining(["王", "李", "张"]),
    );
    const provinces = tally(customers.map((c) => c.province));
    expect(provinces[0]).toBe("广东省");
    expect(provinces.slice(0, 4)).toContain("浙江省");
  });

  it("keeps money in integer fen and lines summing to their order", () => {
    const bad: string[] = [];
    const check = (ok: boolean, o: DemoOrder, what: string) => {
      if (!ok && bad.length < 10) bad.push(`${o.orderNo}: ${what}`);
    };
    for (const o of orders) {
      for (const v of [
        o.listFen,
        o.discountFen,
        o.shippingFen,
        o.payableFen,
        o.paidFen,
        o.refundFen,
      ])
        check(Number.isInteger(v) && v >= 0, o, `money ${v}`);
      check(o.lines.length >= 1 && o.lines.length <= 4, o, "line count");
      check(o.lines.reduce((s, l) => s + l.payableFen, 0) === o.payableFen, o, "lines payable");
      check(o.lines.reduce((s, l) => s + l.listFen, 0) === o.listFen, o, "lines list");
      check(o.listFen - o.discountFen === o.payableFen, o, "payable");
      check(o.paidFen === (o.paidAt === null ? 0 : o.payableFen + o.shippingFen), o, "paid");
      check(o.refundFen <= o.paidFen, o, "refund above paid");
      for (const l of o.lines) {
        check(l.listFen === l.unitPriceFen * l.quantity, o, "line list");
        check(Object.values(l.shares).reduce((s, v) => s + v, 0) === l.discountFen, o, "shares");
        check(l.refundFen <= l.payableFen && l.refundedQty <= l.quantity, o, "line refund");
      }
      if (o.status === "refunded")
        check(
          o.lines.every((l) => l.refundedQty === l.quantity),
          o,
          "refunded lines",
        );
    }
    expect(bad).toEqual([]);
    expect(orders.some((o) => Object.keys(o.lines[0]!.shares).includes("demo:double11-manjian"))).toBe(true); // biome-ignore format: one line
  });

  it("has statuses consistent with their timestamps", () => {
    const bad: string[] = [];
    const check = (ok: boolean, o: DemoOrder, what: string) => {
      if (!ok && bad.length < 10) bad.push(`${o.orderNo} ${o.status}: ${what}`);
    };
    for (const o of orders) {
      const times = [o.createdAt, o.paidAt, o.shippedAt, o.signedAt, o.completedAt].filter(
        (t): t is number => t !== null,
      );
      for (let i = 1; i < times.length; i++) check(times[i]! > times[i - 1]!, o, "time order");
      for (const t of [...times, o.closedAt ?? 0]) check(t <= now, o, "after now");
      const paid = o.paidAt !== null;
      switch (o.status) {
        case "created":
          check(!paid && o.closedAt === null, o, "created");
          break;
        case "closed":
          check(!paid && o.closedAt !== null, o, "closed");
          break;
        case "paid":
          check(paid && o.shippedAt === null, o, "paid");
          break;
        case "shipped":
          check(o.shippedAt !== null && o.signedAt === null && o.carrier !== null, o, "shipped");
          break;
        case "signed":
          check(o.signedAt !== null && o.completedAt === null, o, "signed");
          break;
        case "completed":
          check(o.completedAt !== null, o, "completed");
          break;
        default:
          check(paid, o, "refund without payment");
      }
      if (o.shippedAt !== null) {
        check(o.trackingNo !== null, o, "tracking");
        const events = o.events.map((e) => e.at);
        check(
          events.every((t, i) => i === 0 || t >= events[i - 1]!),
          o,
          "event order",
        );
        check(o.events[0]?.kind === "shipped", o, "first event");
        if (o.signedAt !== null) check(o.events.at(-1)?.kind === "signed", o, "last event");
      } else check(o.events.length === 0, o, "events without shipment");
      for (const a of o.afterSales) {
        check(a.requestedAt > o.paidAt!, o, "after-sale before payment");
        check(a.resolvedAt === null || a.resolvedAt <= now, o, "after-sale in the future");
      }
      for (const r of o.reviews) check(r.at <= now && o.completedAt !== null, o, "review");
    }
    expect(bad).toEqual([]);
    // The most recent orders are still on their way.
    const lastTwoDays = orders.filter((o) => now - o.createdAt < 2 * DAY_MS && o.paidAt !== null);
    expect(lastTwoDays.filter((o) => o.status === "completed").length).toBe(0);
    expect(lastTwoDays.some((o) => o.status === "paid" || o.status === "shipped")).toBe(true);
  });

  it("reviews about half of the completed orders, mostly five stars", () => {
    const completed = orders.filter((o) => o.status === "completed");
    const reviews = completed.flatMap((o) => o.reviews);
    expect(reviews.length / completed.length).toBeGreaterThan(0.4);
    expect(reviews.length / completed.length).toBeLessThan(0.6);
    const five = reviews.filter((r) => r.rating === 5).length / reviews.length;
    expect(five).toBeGreaterThan(0.6);
    expect(reviews.some((r) => r.rating <= 2)).toBe(true);
    expect(reviews.some((r) => r.hasImages)).toBe(true);
  });

  it("ships slower after Double 11", () => {
    const transit = (node: string) => {
      const xs = orders
        .filter((o) => o.node === node && o.signedAt !== null && o.paidAt !== null)
        .map((o) => o.signedAt! - o.paidAt!);
      return median(xs);
    };
    expect(transit("double11")).toBeGreaterThan(transit("normal") * 1.5);
  });
});
