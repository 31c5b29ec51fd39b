/**
 * Stand-in answers for the import API (`/api/shops/{shop}/imports…`) so the import page's
 * flow — upload, progress polled every 500 ms, result with bad rows — can be driven in the
 * browser whatever the server build offers.
 */
import type { Page } from "playwright-core";

export const sampleImportFile = {
  name: "ExportOrderList202611.csv",
  mimeType: "text/csv",
  buffer: Buffer.from("订单编号,买家会员名,实付金额\n1001,tb_buyer,12.30\n"),
};

export interface StubbedImport {
  /** The multipart fields the page sent with the upload. */
  posted: () => Record<string, string>;
  polls: () => number;
}

export async function stubImportApi(page: Page): Promise<StubbedImport> {
  const now = new Date().toISOString();
  let polls = 0;
  let posted: Record<string, string> = {};
  const job = (n: number) => {
    const processed = Math.min(1200, n * 400);
    const running = processed < 1200;
    return {
      id: 7,
      status: running ? "running" : "done",
      fileName: sampleImportFile.name,
      format: "taobao",
      mode: "valid_only",
      totalRows: 1200,
      processedRows: processed,
      inserted: running ? processed - 3 : 1180,
      unchanged: running ? 0 : 17,
      badRows: 3,
      errors: [
        {
          row: 18,
          column: "实付金额",
          code: "invalid_amount",
          messageZh: "金额格式无效：12,3.4",
          messageEn: "Invalid amount: 12,3.4",
        },
        {
          row: 211,
          column: "订单创建时间",
          code: "invalid_date",
          messageZh: "日期无法识别：2026/13/01",
          messageEn: "Unrecognised date: 2026/13/01",
        },
        {
          row: 877,
          column: "订单编号",
          code: "duplicate",
          messageZh: "文件内订单号重复",
          messageEn: "Order number repeated in the file",
        },
      ],
      message: running ? null : "已导入 1180 笔订单，3 行有错误已跳过",
      startedAt: now,
      finishedAt: running ? null : now,
    };
  };
  await page.route("**/api/shops/*/imports**", async (route) => {
    const req = route.request();
    if (req.method() === "POST") {
      posted = parseMultipart(req.postDataBuffer(), req.headers()["content-type"] ?? "");
      return route.fulfill({ status: 201, json: { job: job(0) } });
    }
    if (/\/imports\/\d+/.test(req.url())) return route.fulfill({ json: { job: job(++polls) } });
    return route.fulfill({ json: { jobs: polls >= 3 ? [job(3)] : [] } });
  });
  return { posted: () => posted, polls: () => polls };
}

/** Field names → values (file fields → their file names) of a multipart body. */
function parseMultipart(body: Buffer | null, contentType: string): Record<string, string> {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!body || !boundary) return {};
  const out: Record<string, string> = {};
  for (const part of body.toString("utf8").split(`--${boundary}`)) {
    const name = /name="([^"]+)"/.exec(part)?.[1];
    if (!name) continue;
    const file = /filename="([^"]*)"/.exec(part)?.[1];
    out[name] = file ?? part.split("\r\n\r\n")[1]?.replace(/\r\n$/, "") ?? "";
  }
  return out;
}
