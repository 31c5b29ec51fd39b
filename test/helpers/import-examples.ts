/**
 * Writes the sample import files under docs/examples/import/ (run with
 * `npx tsx test/helpers/import-examples.ts`). The files are committed; tests import every one.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { csvLine } from "../../src/adapters/import/taobao-csv.ts";
import { detailListCsv, orderListCsv, sampleOrders } from "./taobao.ts";

const dir = join(import.meta.dirname, "../../docs/examples/import");
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The sample orders file as text (same content in every encoding). */
export const ORDER_LIST = orderListCsv(sampleOrders());

/** 宝贝报表 for the sample orders (one order with two lines). */
export const DETAIL_LIST = detailListCsv([
  {
    orderNo: "35153131473293579",
    title: "羊毛衫 男款",
    price: "150.00",
    qty: "1",
    sku: "WOOL-M-GREY",
    attrs: "颜色分类：灰色;尺码：L",
  },
  { orderNo: "35153131473293579", title: "加厚围巾", price: "60.00", qty: "1", sku: "SCARF-01" },
  { orderNo: "1234567890123456789", title: "贴纸", price: "0.29", qty: "1" },
  { orderNo: "1234567890123456788", title: "袜子", price: "1.10", qty: "1" },
  { orderNo: "3515313147329357", title: "金条", price: "19999999.99", qty: "1" },
  { orderNo: "351531314732935800", title: "T恤", price: "33.00", qty: "3", sku: "TEE-WHITE" },
]);

const GENERIC_HEADER = [
  "单号",
  "客户",
  "下单时间",
  "付款时间",
  "状态",
  "商品编码",
  "商品名",
  "数量",
  "单价",
  "运费",
  "实付",
];
const GENERIC_ROWS = [
  [
    "A1001",
    "wang@example.com",
    "2024-11-11 00:05:00",
    "2024-11-11 00:06:00",
    "已付款",
    "TEE-WHITE",
    "T恤 白色",
    "2",
    "49.50",
    "0",
    "99.00",
  ],
  [
    "A1001",
    "wang@example.com",
    "2024-11-11 00:05:00",
    "2024-11-11 00:06:00",
    "已付款",
    "SOCK-3",
    "袜子三双装",
    "1",
    "19.90",
    "0",
    "99.00",
  ],
  [
    "A1002",
    "li@example.com",
    "2024-11-11 08:30:00",
    "",
    "待付款",
    "TEE-BLACK",
    "T恤, 黑色",
    "1",
    "49.50",
    "8",
    "",
  ],
  [
    "A1003",
    "zhao@example.com",
    "2024-11-12 21:00:00",
    "2024-11-12 21:01:10",
    "已完成",
    "HOODIE",
    "卫衣",
    "1",
    "199.00",
    "0",
    "179.00",
  ],
];

/** The mapping of the generic sample: Dacu field → header of the file. */
export const GENERIC_MAPPING = {
  columns: {
    order_no: "单号",
    buyer: "客户",
    created_at: "下单时间",
    paid_at: "付款时间",
    status: "状态",
    sku_code: "商品编码",
    title: "商品名",
    quantity: "数量",
    unit_price: "单价",
    shipping: "运费",
    paid_amount: "实付",
  },
  money: "yuan",
  statuses: { 已付款: "paid", 待付款: "created", 已完成: "completed" },
};

const JSON_ORDERS = [
  {
    order_no: "W-20241111-0001",
    buyer: "member-0001",
    status: "paid",
    created_at: "2024-11-11 00:00:10",
    paid_at: "2024-11-11T00:01:00+08:00",
    shipping_fen: 0,
    receiver_name: "陈一",
    receiver_phone: "13500135000",
    province: "江苏省",
    city: "南京市",
    district: "鼓楼区",
    address: "中山路1号",
    lines: [
      { sku_code: "TEE-WHITE", title: "T恤 白色", quantity: 2, unit_price_fen: 4950 },
      { title: "赠品贴纸", quantity: 1, unit_price_fen: 0 },
    ],
  },
  {
    order_no: "W-20241111-0002",
    buyer: "member-0002",
    status: "created",
    created_at: "2024-11-11 10:00:00",
    lines: [{ sku_code: "HOODIE", title: "卫衣", quantity: 1, unit_price_fen: 19900 }],
  },
];

/** Writes every sample file. */
export async function writeExamples(): Promise<void> {
  writeFileSync(join(dir, "ExportOrderList-gbk.csv"), iconv.encode(ORDER_LIST, "gbk"));
  writeFileSync(
    join(dir, "ExportOrderList-utf8-bom.csv"),
    Buffer.concat([BOM, Buffer.from(ORDER_LIST)]),
  );
  writeFileSync(join(dir, "ExportOrderDetailList-gbk.csv"), iconv.encode(DETAIL_LIST, "gbk"));
  const bad = sampleOrders();
  bad[1] = { ...bad[1]!, paid: "10.2x" };
  bad[3] = { ...bad[3]!, orderNo: "12345", createdAt: "2017-02-30 08:00:00" };
  bad[4] = { ...bad[4]!, status: "神秘状态" };
  writeFileSync(
    join(dir, "ExportOrderList-bad-rows.csv"),
    Buffer.concat([BOM, Buffer.from(orderListCsv(bad))]),
  );
  let generic = csvLine(GENERIC_HEADER);
  for (const r of GENERIC_ROWS) generic += csvLine(r);
  writeFileSync(join(dir, "generic-orders.csv"), generic);
  writeFileSync(
    join(dir, "generic-orders.mapping.json"),
    `${JSON.stringify(GENERIC_MAPPING, null, 2)}\n`,
  );
  writeFileSync(join(dir, "orders.json"), `${JSON.stringify(JSON_ORDERS, null, 2)}\n`);
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 10, 11));
  wb.modified = wb.created;
  const ws = wb.addWorksheet("订单");
  ws.addRow(GENERIC_HEADER);
  for (const r of GENERIC_ROWS) {
    // amounts and quantities as numbers, as a spreadsheet would hold them
    ws.addRow(r.map((v, i) => (i >= 7 && v !== "" ? Number(v) : v)));
  }
  await wb.xlsx.writeFile(join(dir, "generic-orders.xlsx"));
}

if (process.argv[1]?.endsWith("import-examples.ts")) await writeExamples();
