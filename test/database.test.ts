import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/adapters/db/database.ts";
import { DataDirLockedError } from "../src/adapters/db/lock.ts";
import { migrateToLatest, migrationNames } from "../src/adapters/db/migrator.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";

describe(`database (${testBackend})`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("applies every migration once, and re-running applies nothing", async () => {
    const rows = await database.db
      .selectFrom("kysely_migration" as never)
      .select("name" as never)
      .execute();
    expect(rows.map((r) => (r as { name: string }).name)).toEqual(migrationNames);
    expect(await migrateToLatest(database.db, database.schema)).toEqual([]);
  });

  it("keeps money as integer numbers and order numbers above 2^53 as exact text", async () => {
    const shop = await database.db
      .insertInto("shops")
      .values({ code: "t1", name: "测试店", platform: "tmall" })
      .returning(["id", "time_zone"])
      .executeTakeFirstOrThrow();
    expect(shop.time_zone).toBe("Asia/Shanghai");
    const order = await database.db
      .insertInto("orders")
      .values({
        shop_id: shop.id,
        order_no: "35153131473293579",
        status: "paid",
        payable_fen: 20112,
        paid_fen: 20112,
        created_at: new Date("2017-11-10T16:00:01Z"),
      })
      .returning(["order_no", "paid_fen"])
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ order_no: "35153131473293579", paid_fen: 20112 });
  });

  it("refuses a line that points at another shop's order", async () => {
    const [a, b] = await database.db
      .insertInto("shops")
      .values([
        { code: "ta", name: "A", platform: "jd" },
        { code: "tb", name: "B", platform: "own" },
      ])
      .returning("id")
      .execute();
    const order = await database.db
      .insertInto("orders")
      .values({ shop_id: a!.id, order_no: "1", status: "paid", created_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      database.db
        .insertInto("order_lines")
        .values({
          shop_id: b!.id,
          order_id: order.id,
          line_no: 1,
          title: "x",
          unit_price_fen: 1,
          quantity: 1,
          list_fen: 1,
          payable_fen: 1,
        })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });
});

describe("embedded data directory lock", () => {
  const dir = mkdtempSync(join(tmpdir(), "dacu-lock-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a second opener with a clear bilingual error, and frees the dir on close", async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    // a second process too
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${join(process.cwd(), "src/adapters/db/database.ts")}").then(m => m.openDatabase({ dataDir: ${JSON.stringify(dir)} })).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(3);
    expect(stderr).toContain("正被另一个 Dacu 进程");
    expect(stderr).toContain("in use by another Dacu process");
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    const n = await again.db
      .selectFrom("shops")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    await again.close();
  });
});
