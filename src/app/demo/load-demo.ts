/**
 * Loads the generated demo shop into the database: one transaction, set-based inserts in
 * batches, then the per-customer statistics. Refuses a shop code that already holds data
 * unless asked to replace it, and never replaces a shop that is not a demo shop.
 */
import type { Kysely } from "kysely";
import { refreshCustomerStats } from "../../adapters/db/repositories/customer-stats.ts";
import {
  beginBulkLoad,
  type DemoBatchCounts,
  deleteShopData,
  demoShopTotals,
  dropIndexesIfEmpty,
  endBulkLoad,
  findShopByCode,
  insertDemoBatch,
  insertDemoCatalog,
  shopHasData,
  upsertDemoShop,
} from "../../adapters/db/repositories/demo-loader.ts";
import type { DB } from "../../adapters/db/schema.ts";
import { generateDemoShop } from "../../domain/demo/index.ts";

export type DemoLoadPhase = "prepare" | "catalog" | "orders" | "stats" | "done";

/** Progress of a load: `done` of `total` units of the phase (orders during `orders`). */
export interface DemoProgress {
  readonly phase: DemoLoadPhase;
  readonly done: number;
  readonly total: number;
}

export interface LoadDemoOptions {
  readonly seed: number;
  readonly customers: number;
  readonly orders: number;
  /** End of the generated history. */
  readonly now: Date;
  /** Delete the demo shop's existing data first. */
  readonly replace?: boolean;
  /** Orders per insert batch (default 2,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: DemoProgress) => void;
}

export interface DemoLoadSummary {
  readonly shopId: number;
  readonly shopCode: string;
  readonly shopName: string;
  readonly seed: number;
  /** ISO times of the first generated day and the end of history. */
  readonly from: string;
  readonly now: string;
  readonly counts: {
    readonly products: number;
    readonly skus: number;
    readonly customers: number;
    readonly consents: number;
    readonly orders: number;
    readonly lines: number;
    readonly logisticsEvents: number;
    readonly reviews: number;
    readonly afterSales: number;
    readonly paidOrders: number;
    readonly refundOrders: number;
  };
  /** Paid amount of all paid orders, in fen. */
  readonly gmvFen: number;
  readonly refundFen: number;
  readonly seconds: number;
}

/** The demo shop already has data and `replace` was not given. */
export class DemoShopExistsError extends Error {
  constructor(readonly code: string) {
    super(
      `演示店铺 ${code} 已有数据；如需重新生成请加 --replace / demo shop "${code}" already has data; use --replace to regenerate it`,
    );
    this.name = "DemoShopExistsError";
  }
}

/** A shop with the demo code exists but is a real shop: never overwritten. */
export class NotADemoShopError extends Error {
  constructor(readonly code: string) {
    super(
      `店铺 ${code} 不是演示店铺，不会被覆盖 / shop "${code}" is not a demo shop and will not be overwritten`,
    );
    this.name = "NotADemoShopError";
  }
}

/**
 * Generates and loads the demo shop in one transaction.
 * @example
 * await loadDemoShop(db, { seed: 42, customers: 20000, orders: 150000, now: new Date() });
 */
export async function loadDemoShop(
  db: Kysely<DB>,
  options: LoadDemoOptions,
): Promise<DemoLoadSummary> {
  const started = performance.now();
  const demo = generateDemoShop({
    seed: options.seed,
    customers: options.customers,
    orders: options.orders,
    now: options.now,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });
  const report = options.onProgress ?? (() => {});
  const total = demo.totals.orders;

  return db.transaction().execute(async (trx) => {
    report({ phase: "prepare", done: 0, total: 1 });
    const existing = await findShopByCode(trx, demo.shop.code);
    if (existing) {
      if (!existing.isDemo) throw new NotADemoShopError(demo.shop.code);
      if (await shopHasData(trx, existing.id)) {
        if (!options.replace) throw new DemoShopExistsError(demo.shop.code);
        await deleteShopData(trx, existing.id);
      }
    }
    const shopId = await upsertDemoShop(trx, demo.shop);
    report({ phase: "prepare", done: 1, total: 1 });

    const relaxed = await beginBulkLoad(trx);
    const dropped = await dropIndexesIfEmpty(trx);
    report({ phase: "catalog", done: 0, total: demo.skus.length });
    const skuIds = await insertDemoCatalog(trx, shopId, demo.products, demo.skus);
    report({ phase: "catalog", done: demo.skus.length, total: demo.skus.length });

    const ids = { skus: skuIds, customers: new Float64Array(Math.max(1, demo.totals.customers)) };
    const counts: DemoBatchCounts = {
      customers: 0,
      consents: 0,
      orders: 0,
      lines: 0,
      events: 0,
      reviews: 0,
      afterSales: 0,
    };
    report({ phase: "orders", done: 0, total });
    for (const batch of demo.batches()) {
      const c = await insertDemoBatch(trx, shopId, batch, ids);
      for (const key of Object.keys(counts) as (keyof DemoBatchCounts)[]) counts[key] += c[key];
      report({ phase: "orders", done: batch.ordersDone, total });
    }

    report({ phase: "stats", done: 0, total: 1 });
    await endBulkLoad(trx, relaxed, dropped);
    await refreshCustomerStats(trx, shopId);
    const totals = await demoShopTotals(trx, shopId);
    report({ phase: "stats", done: 1, total: 1 });
    report({ phase: "done", done: 1, total: 1 });

    return {
      shopId,
      shopCode: demo.shop.code,
      shopName: demo.shop.name,
      seed: options.seed,
      from: new Date(demo.from).toISOString(),
      now: new Date(demo.now).toISOString(),
      counts: {
        products: demo.products.length,
        skus: demo.skus.length,
        customers: counts.customers,
        consents: counts.consents,
        orders: counts.orders,
        lines: counts.lines,
        logisticsEvents: counts.events,
        reviews: counts.reviews,
        afterSales: counts.afterSales,
        paidOrders: totals.paidOrders,
        refundOrders: totals.refundOrders,
      },
      gmvFen: totals.gmvFen,
      refundFen: totals.refundFen,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  });
}
