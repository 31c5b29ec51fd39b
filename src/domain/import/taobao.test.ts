import { describe, expect, it } from "vitest";
import { HEADERS, orderCells, sampleOrders } from "../../../test/helpers/taobao.ts";
import { spreadPayable } from "./order.ts";
import {
  attachTaobaoDetails,
  createTaobaoDetailMapper,
  createTaobaoOrderMapper,
  mapTaobaoOrderRecord,
} from "./taobao.ts";
import { formatLocalTime, parseLocalTime } from "./time.ts";

const tz = { timeZone: "Asia/Shanghai" };

function record(cells: Record<string, string>, header: readonly string[] = HEADERS[56]) {
  return Object.fromEntries(header.map((h) => [h, cells[h.trim()] ?? ""]));
}

describe("Taobao 订单报表 mapping", () => {
  const [a, b, c, refunded] = sampleOrders();

  it("maps a record to an order: string order number, fen, UTC times, address parts", () => {
    const r = mapTaobaoOrderRecord(record(orderCells(a!)), 1, tz);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.value;
    expect(o.orderNo).toBe("35153131473293579");
    expect(o.status).toBe("completed");
    expect(o.payableFen).toBe(20112);
    expect(o.paidFen).toBe(20112);
    expect(new Date(o.createdAt).toISOString()).toBe("2017-11-10T16:00:01.000Z");
    expect(o.receiverPhone).toBe("13800138000");
    expect(o.province).toBe("浙江省");
    expect(o.district).toBe("余杭区");
    expect(o.address).toBe("文一西路969号 3号楼");
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0]!.quantity).toBe(2);
    expect(o.lines[0]!.payableFen).toBe(20112);
  });

  it("strips the tab and apostrophe guards too, and keeps 19-digit numbers distinct", () => {
    for (const style of ["tab", "apostrophe", "plain"] as const) {
      const r = mapTaobaoOrderRecord(record(orderCells(b!, style)), 1, tz);
      expect(r.ok && r.value.orderNo).toBe("1234567890123456789");
    }
    const r2 = mapTaobaoOrderRecord(record(orderCells(c!, "tab")), 1, tz);
    expect(r2.ok && r2.value.orderNo).toBe("1234567890123456788");
    expect(Number("1234567890123456789")).toBe(Number("1234567890123456788")); // why strings
  });

  it("reads 0元, an empty payment time, and maps statuses", () => {
    const r = mapTaobaoOrderRecord(record(orderCells(c!)), 1, tz);
    expect(r.ok && r.value.paidAt).toBe(null);
    expect(r.ok && r.value.shippingFen).toBe(0);
    expect(r.ok && r.value.status).toBe("created");
    const rr = mapTaobaoOrderRecord(record(orderCells(refunded!)), 1, tz);
    expect(rr.ok && rr.value.status).toBe("refunded");
    expect(rr.ok && rr.value.paidFen).toBe(1999999999);
    const closed = mapTaobaoOrderRecord(
      record({ ...orderCells(c!), 订单状态: "交易被淘宝关闭" }),
      1,
      tz,
    );
    expect(closed.ok && closed.value.status).toBe("closed");
    const signed = mapTaobaoOrderRecord(
      record({ ...orderCells(a!), 订单状态: "买家已签收" }),
      1,
      tz,
    );
    expect(signed.ok && signed.value.status).toBe("signed");
    const noTrade = mapTaobaoOrderRecord(
      record({ ...orderCells(c!), 订单状态: "没有创建支付宝交易" }),
      1,
      tz,
    );
    expect(noTrade.ok && noTrade.value.status).toBe("closed");
  });

  it("works with the 46, 56 and 61 column versions, shuffled, with unknown columns", () => {
    for (const header of [HEADERS[46], HEADERS[56], HEADERS[61]]) {
      const shuffled = [...header, "某个新列 "].reverse();
      const r = mapTaobaoOrderRecord(record(orderCells(a!), shuffled), 1, tz);
      expect(r.ok && r.value.paidFen).toBe(20112);
    }
  });

  it("lists every problem of a bad record with row, column and zh/en reason", () => {
    const r = mapTaobaoOrderRecord(
      record({
        ...orderCells(a!),
        订单编号: "3.51531E+16",
        总金额: "1.234",
        订单创建时间: "2017-02-30 10:00:00",
        订单状态: "神秘状态",
      }),
      7,
      tz,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [7, "订单编号", "order_no_invalid"],
      [7, "订单状态", "status_unknown"],
      [7, "订单创建时间", "time_invalid"],
      [7, "总金额", "money_precision"],
    ]);
    for (const p of r.problems) {
      expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.messageEn).toMatch(/[a-z]/);
    }
  });

  it("reports missing required columns at row 0", () => {
    const m = createTaobaoOrderMapper(["订单编号", "买家会员名"], tz);
    expect(m.header.problems.map((p) => p.column)).toEqual([
      "订单状态",
      "订单创建时间",
      "买家实际支付金额",
      "总金额",
    ]);
  });

  it("attaches 宝贝报表 lines (trailing extra field ignored) and spreads the payable exactly", () => {
    const d = createTaobaoDetailMapper(["订单编号", "标题", "价格", "购买数量", "商家编码"]);
    const l1 = d.map(['="35153131473293579"', "羊毛衫", "150.00", "1", "SKU-1", ""], 1);
    const l2 = d.map(['="35153131473293579"', "围巾", "60.00", "1", "", ""], 2);
    expect(l1.ok && l2.ok).toBe(true);
    if (!l1.ok || !l2.ok) return;
    const r = mapTaobaoOrderRecord(record(orderCells(a!)), 1, tz);
    if (!r.ok) throw new Error("bad");
    const o = attachTaobaoDetails(r.value, [l1.value.line, l2.value.line]);
    expect(o.lines.map((l) => l.payableFen)).toEqual([14366, 5746]);
    expect(o.lines.reduce((s, l) => s + l.payableFen, 0)).toBe(20112);
    expect(o.listFen).toBe(21000);
    expect(o.discountFen).toBe(888);
    expect(o.lines[0]!.skuCode).toBe("SKU-1");
  });

  it("spreads with the largest remainder", () => {
    expect(spreadPayable([{ listFen: 1 }, { listFen: 1 }, { listFen: 1 }], 100)).toEqual([
      34, 33, 33,
    ]);
    expect(spreadPayable([{ listFen: 0 }, { listFen: 0 }], 5)).toEqual([5, 0]);
  });
});

describe("shop-local times", () => {
  it("converts Asia/Shanghai wall time to UTC and back, and other zones with DST", () => {
    expect(parseLocalTime("2017-11-11 00:00:01", "Asia/Shanghai")).toBe(
      Date.UTC(2017, 10, 10, 16, 0, 1),
    );
    expect(parseLocalTime("2017/1/2 3:04", "Asia/Shanghai")).toBe(Date.UTC(2017, 0, 1, 19, 4, 0));
    expect(parseLocalTime("2024-07-01 12:00:00", "America/New_York")).toBe(
      Date.UTC(2024, 6, 1, 16),
    );
    expect(parseLocalTime("2024-01-01 12:00:00", "America/New_York")).toBe(
      Date.UTC(2024, 0, 1, 17),
    );
    expect(parseLocalTime("2024-11-11T00:00:00+08:00", "UTC")).toBe(Date.UTC(2024, 10, 10, 16));
    expect(parseLocalTime("2017-13-01 00:00:00", "Asia/Shanghai")).toBe(null);
    expect(formatLocalTime(Date.UTC(2017, 10, 10, 16, 0, 1), "Asia/Shanghai")).toBe(
      "2017-11-11 00:00:01",
    );
  });
});

describe("order numbers", () => {
  it("accepts 16–19 digits and codes of other sources, refuses other digit counts and 3.5E+16", async () => {
    const { isTaobaoOrderNo } = await import("./taobao.ts");
    expect(
      [
        "3515313147329357",
        "35153131473293579",
        "1234567890123456789",
        "A1001",
        "W-20241111-0001",
      ].every(isTaobaoOrderNo),
    ).toBe(true);
    expect(
      ["12345", "12345678901234567890", "3.51531E+16", "35153E16", "a b", ""].some(isTaobaoOrderNo),
    ).toBe(false);
  });
});
