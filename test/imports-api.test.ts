import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertShop } from "../src/adapters/db/repositories/shops.ts";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";
import { orderListCsv, sampleOrders } from "./helpers/taobao.ts";

describe(`import over HTTP (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
    await insertShop(t.database.db, { code: "s", name: "店", platform: "tmall" });
  });
  afterAll(async () => t.close());

  const upload = async (
    req: (p: string, i?: RequestInit) => Promise<Response>,
    csv: string,
    extra: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.set("file", new File([`\ufeff${csv}`], "ExportOrderList201711.csv", { type: "text/csv" }));
    form.set("format", "taobao");
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return req("/api/shops/s/imports", { method: "POST", body: form });
  };
  const waitDone = async (req: (p: string) => Promise<Response>, id: number) => {
    for (let i = 0; i < 200; i++) {
      const { job } = await (await req(`/api/shops/s/imports/${id}`)).json();
      if (job.status !== "running") return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("import did not finish");
  };
  const orderCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom("orders")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports an uploaded Taobao export in the background, and a second upload changes nothing", async () => {
    const req = await t.as("operator");
    const csv = orderListCsv(sampleOrders());
    const res = await upload(req, csv);
    expect(res.status).toBe(201);
    const { job } = await res.json();
    const done = await waitDone(req, job.id);
    expect(done.status).toBe("done");
    expect(done.inserted).toBeGreaterThan(0);
    const n = await orderCount();
    expect(n).toBe(done.inserted);
    const again = await waitDone(req, (await (await upload(req, csv)).json()).job.id);
    expect(again).toMatchObject({ status: "done", inserted: 0, unchanged: done.inserted });
    expect(await orderCount()).toBe(n);
    const list = await (await req("/api/shops/s/imports")).json();
    expect(list.jobs.map((j: { id: number }) => j.id)).toEqual([again.id, done.id]);
  });

  it("refuses a file with a bad record whole, naming row, column and reason", async () => {
    const req = await t.as("owner");
    const before = await orderCount();
    const orders = sampleOrders();
    const csv = orderListCsv(orders).replace(/"\d+\.\d\d"/, '"12.3.4"');
    const job = await waitDone(req, (await (await upload(req, csv)).json()).job.id);
    expect(job.status).toBe("rejected");
    expect(job.badRows).toBeGreaterThanOrEqual(1);
    expect(job.errors[0]).toMatchObject({ row: expect.any(Number), column: expect.any(String) });
    expect(job.errors[0].messageZh).toBeTruthy();
    expect(job.errors[0].messageEn).toBeTruthy();
    expect(await orderCount()).toBe(before);
  });

  it("keeps analysts and customer service from importing", async () => {
    const req = await t.as("analyst");
    expect((await upload(req, "x")).status).toBe(403);
  });
});
