/**
 * The order import use case: read a file as a stream, validate every record, write valid
 * orders in set-based batches inside ONE transaction, and report.
 *
 * - all or nothing (default): any bad record rolls everything back; the report lists every
 *   bad record (row, column, reason in zh and en).
 * - `validOnly`: valid records are written, bad ones reported.
 * - idempotent: the order number is the key; an order whose content matches what is stored
 *   counts as `unchanged`, a changed one (status moved on, refund…) is `updated`.
 *
 * Progress goes to `onProgress` and, on PostgreSQL, to the `import_jobs` row while the import
 * runs (on embedded PGlite the single connection belongs to the import's transaction, so
 * the job row shows the outcome when it ends).
 */
import type { Kysely } from "kysely";
import type pg from "pg";
import { type Database, withClientTransaction } from "../../adapters/db/database.ts";
import {
  type BatchCounts,
  beginImportBatches,
  createDetailStaging,
  createImportJob,
  fetchStagedLines,
  findImportJob,
  findShopById,
  finishImportBatches,
  type ImportJobRow,
  indexDetailStaging,
  stageDetailLines,
  updateImportJob,
  writeOrderBatch,
} from "../../adapters/db/repositories/order-import.ts";
import {
  beginCopyBatches,
  CopyBatch,
  copyOrderBatch,
} from "../../adapters/db/repositories/order-import-copy.ts";
import type { DB } from "../../adapters/db/schema.ts";
import { CsvSyntaxError } from "../../adapters/import/csv.ts";
import type { TextEncoding } from "../../adapters/import/encoding.ts";
import {
  type ImportInput,
  inputName,
  readRows,
  type TabularKind,
} from "../../adapters/import/readers.ts";
import {
  assembleGenericOrder,
  createGenericMapper,
  type GenericMapping,
  type GenericRecord,
  IDENTITY_MAPPING,
} from "../../domain/import/generic.ts";
import { mapJsonOrder } from "../../domain/import/json.ts";
import { type ImportOrder, orderFingerprint } from "../../domain/import/order.ts";
import { type ImportProblem, problem } from "../../domain/import/problems.ts";
import {
  attachTaobaoDetails,
  createTaobaoDetailMapper,
  createTaobaoOrderMapper,
  type MapResult,
  type TaobaoDetailLine,
} from "../../domain/import/taobao.ts";

export type ImportFormat = "taobao" | "csv" | "xlsx";

export interface ImportProgress {
  /** Which file is being read: the 宝贝报表 first when given, then the orders. */
  readonly phase: "details" | "orders";
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly totalBytes: number | undefined;
}

export interface ImportOptions {
  readonly shopId: number;
  /** `taobao` = 订单报表 (CSV or XLSX); `csv`/`xlsx` = generic with a column mapping. */
  readonly format: ImportFormat;
  readonly input: ImportInput;
  /** CSV or XLSX; by default from the format, else the file name (`.xlsx`). */
  readonly fileKind?: TabularKind | undefined;
  /** Taobao 宝贝报表 imported with the orders. */
  readonly details?: ImportInput | undefined;
  /** Generic formats: the column mapping (default: headers are Dacu field names). */
  readonly mapping?: GenericMapping | undefined;
  readonly validOnly?: boolean | undefined;
  readonly onProgress?: ((p: ImportProgress) => void) | undefined;
  /** Orders per write (default 10,000 on PostgreSQL, 5,000 on PGlite). */
  readonly batchSize?: number | undefined;
  /** Problems kept in the result and job row (default 1,000); all are counted. */
  readonly maxProblems?: number | undefined;
  readonly userId?: number | undefined;
  /** Called with the job id as soon as the job row exists. */
  readonly onJob?: ((jobId: number) => void) | undefined;
}

export type ImportOutcome = "done" | "rejected" | "failed";

export interface ImportResult {
  /** The `import_jobs` row (0 for JSON imports, which keep no job). */
  readonly jobId: number;
  readonly status: ImportOutcome;
  readonly mode: "all_or_nothing" | "valid_only";
  readonly fileName: string;
  readonly encoding: TextEncoding | undefined;
  /** Data records read (after the header). */
  readonly rowsRead: number;
  /** Orders found valid. */
  readonly ordersValid: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records with at least one problem. */
  readonly badRows: number;
  /** All problems found (the list below may be capped). */
  readonly problemCount: number;
  readonly problems: readonly ImportProblem[];
  readonly problemsTruncated: boolean;
  /** Why the import failed or was rejected, in zh / en. */
  readonly message: string | null;
  readonly elapsedMs: number;
}

/** Thrown inside the transaction to roll it back when bad records refuse the file. */
class Rejected extends Error {}

/** Collects problems (capped) and counts bad rows. */
class ProblemLog {
  readonly list: ImportProblem[] = [];
  count = 0;
  badRows = 0;
  private lastRow = new Map<string, number>();
  constructor(private readonly max: number) {}
  add(problems: readonly ImportProblem[]): void {
    if (problems.length === 0) return;
    const first = problems[0]!;
    const file = first.file ?? "orders";
    if (this.lastRow.get(file) !== first.row || first.row === 0) this.badRows++;
    this.lastRow.set(file, first.row);
    for (const p of problems) {
      this.count++;
      if (this.list.length < this.max) this.list.push(p);
    }
  }
}

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  valid: number;
}

/**
 * Writes validated orders in batches with one write in flight while the next batch is being
 * read and validated; refuses duplicates within a batch. On PostgreSQL (without a 宝贝报表)
 * orders are encoded for COPY as they arrive, so a batch is two byte buffers, not objects.
 */
class BatchWriter {
  private batch: ImportOrder[] = [];
  private encoded: CopyBatch | undefined;
  private size = 0;
  private seen = new Set<string>();
  private pending: Promise<void> | undefined;
  private failure: unknown;
  readonly counts: Counts = { inserted: 0, updated: 0, unchanged: 0, valid: 0 };
  /** False once a bad record means nothing will be written. */
  writing = true;
  /** Whether stored orders may match staged ones (the shop had orders before). */
  private lookForStored = true;

  constructor(
    private readonly tx: Kysely<DB>,
    private readonly shopId: number,
    private readonly source: string,
    private readonly maxSize: number,
    private readonly problems: ProblemLog,
    private readonly withDetails: boolean,
    /** The transaction's raw client on PostgreSQL: batches go through COPY. */
    private readonly copyClient?: pg.PoolClient | undefined,
  ) {}

  async add(order: ImportOrder, row: number): Promise<void> {
    if (this.seen.has(order.orderNo)) {
      this.problems.add([problem(row, "订单编号 / order_no", "duplicate_order_no", order.orderNo)]);
      return;
    }
    this.counts.valid++;
    if (!this.writing) return;
    this.seen.add(order.orderNo);
    if (this.copyClient && !this.withDetails) {
      this.encoded ??= new CopyBatch();
      this.encoded.add(order, orderFingerprint(order));
    } else this.batch.push(order);
    if (++this.size >= this.maxSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending) await this.pending;
    if (this.failure) throw this.failure;
    const batch = this.batch;
    const encoded = this.encoded;
    this.batch = [];
    this.encoded = undefined;
    this.size = 0;
    this.seen = new Set();
    if (!this.writing || (batch.length === 0 && !encoded)) return;
    this.pending = this.write(batch, encoded).catch((err: unknown) => {
      this.failure = err;
    });
  }

  async start(): Promise<void> {
    await beginImportBatches(this.tx);
    if (this.copyClient) this.lookForStored = await beginCopyBatches(this.tx, this.shopId);
  }

  async finish(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    if (this.failure) throw this.failure;
    if (this.writing) await finishImportBatches(this.tx, this.shopId);
  }

  private async write(batch: ImportOrder[], encoded: CopyBatch | undefined): Promise<void> {
    let orders = batch;
    if (this.withDetails) {
      const staged = await fetchStagedLines(
        this.tx,
        batch.map((o) => o.orderNo),
      );
      orders = batch.map((o) => attachTaobaoDetails(o, staged.get(o.orderNo) ?? []));
    }
    let c: BatchCounts;
    if (this.copyClient) {
      if (!encoded) {
        encoded = new CopyBatch();
        for (const o of orders) encoded.add(o, orderFingerprint(o));
      }
      c = await copyOrderBatch(
        this.tx,
        this.copyClient,
        this.shopId,
        this.source,
        encoded,
        this.lookForStored,
      );
    } else {
      c = await writeOrderBatch(
        this.tx,
        this.shopId,
        this.source,
        orders,
        orders.map(orderFingerprint),
      );
    }
    this.counts.inserted += c.inserted;
    this.counts.updated += c.updated;
    this.counts.unchanged += c.unchanged;
  }
}

/** Header row + numbered records from a row-chunk stream. */
async function* records(
  chunks: AsyncIterable<string[][]>,
  onHeader: (header: string[]) => void,
): AsyncGenerator<{ values: string[]; row: number }[]> {
  let header: string[] | undefined;
  let row = 0;
  for await (const chunk of chunks) {
    let start = 0;
    if (!header) {
      if (chunk.length === 0) continue;
      header = chunk[0]!.map((h) => h.replace(/^\uFEFF/, "").trim());
      onHeader(header);
      start = 1;
    }
    const out: { values: string[]; row: number }[] = [];
    for (let i = start; i < chunk.length; i++) out.push({ values: chunk[i]!, row: ++row });
    if (out.length > 0) yield out;
  }
  if (!header) onHeader([]);
}

function kindOf(options: ImportOptions): TabularKind {
  if (options.fileKind) return options.fileKind;
  if (options.format === "xlsx") return "xlsx";
  if (options.format === "csv") return "csv";
  return /\.xlsx$/i.test(inputName(options.input)) ? "xlsx" : "csv";
}

const msg = (zh: string, en: string) => `${zh} / ${en}`;

/**
 * Imports an order file (Taobao 订单报表 with optional 宝贝报表, or a generic CSV/XLSX with a
 * column mapping) into a shop. Returns the report; never throws for bad data (status
 * `rejected`) or database failures (status `failed`, transaction rolled back).
 * @example await importOrderFile(database, { shopId: 1, format: "taobao", input: { path: "ExportOrderList.csv" } })
 */
export async function importOrderFile(
  database: Database,
  options: ImportOptions,
): Promise<ImportResult> {
  const started = performance.now();
  const { db } = database;
  const mode = options.validOnly ? "valid_only" : "all_or_nothing";
  const fileName = inputName(options.input);
  const shop = await findShopById(db, options.shopId);
  if (!shop)
    throw new Error(msg(`店铺 ${options.shopId} 不存在`, `shop ${options.shopId} does not exist`));
  const kind = kindOf(options);
  const log = new ProblemLog(options.maxProblems ?? 1000);
  let rowsRead = 0;
  let bytesRead = 0;
  let encoding: TextEncoding | undefined;
  let counts: Counts = { inserted: 0, updated: 0, unchanged: 0, valid: 0 };

  const main = await readRows(kind, options.input, (b) => {
    bytesRead = b;
  });
  const totalBytes = main.totalBytes;
  const jobId = await createImportJob(db, {
    shopId: shop.id,
    format: options.details ? `${options.format}+details` : options.format,
    fileName,
    mode,
    totalBytes: totalBytes ?? null,
    userId: options.userId ?? null,
  });
  options.onJob?.(jobId);

  // live job updates only where a second connection exists
  const live = database.kind === "postgres";
  let lastJobUpdate = 0;
  let jobUpdate: Promise<void> = Promise.resolve();
  const progress = (
    phase: "details" | "orders",
    rows: number,
    bytes: number,
    total: number | undefined,
  ) => {
    options.onProgress?.({ phase, rowsRead: rows, bytesRead: bytes, totalBytes: total });
    const now = Date.now();
    if (live && phase === "orders" && now - lastJobUpdate > 1000) {
      lastJobUpdate = now;
      jobUpdate = jobUpdate
        .then(() =>
          updateImportJob(db, shop.id, jobId, {
            processedRows: rows,
            bytesRead: bytes,
            badRows: log.badRows,
          }),
        )
        .catch(() => {});
    }
  };

  let status: ImportOutcome = "done";
  let message: string | null = null;
  try {
    await withClientTransaction(database, async (tx, client) => {
      const copy = database.kind === "postgres" ? client : undefined;
      const withDetails = options.format === "taobao" && options.details !== undefined;
      if (withDetails) await loadDetails(tx, options.details!, log, progress);
      const writer = new BatchWriter(
        tx,
        shop.id,
        `import:${options.format}`,
        options.batchSize ?? (copy ? 10000 : 5000),
        log,
        withDetails,
        copy,
      );
      if (log.count > 0 && mode === "all_or_nothing") writer.writing = false;
      await writer.start();

      let mapOne: ((values: string[], row: number) => Promise<void>) | undefined;
      let finishGroups: () => Promise<void> = async () => {};
      const onHeader = (header: string[]) => {
        if (options.format === "taobao") {
          const m = createTaobaoOrderMapper(header, { timeZone: shop.timeZone });
          log.add(m.header.problems);
          mapOne = async (values, row) => {
            const r = m.map(values, row);
            if (r.ok) await writer.add(r.value, row);
            else log.add(r.problems);
          };
        } else {
          const m = createGenericMapper(header, options.mapping ?? IDENTITY_MAPPING, {
            timeZone: shop.timeZone,
          });
          for (const p of m.problems) log.add([p]);
          let group: GenericRecord[] = [];
          let groupBad = false;
          let groupNo: string | undefined;
          const close = async () => {
            if (group.length > 0 && !groupBad) {
              const r: MapResult<ImportOrder> = assembleGenericOrder(group);
              if (r.ok) await writer.add(r.value, group[0]!.row);
              else log.add(r.problems);
            }
            group = [];
            groupBad = false;
          };
          mapOne = async (values, row) => {
            const r = m.map(values, row);
            const no = r.ok ? r.value.orderNo : undefined;
            if (no === undefined || no !== groupNo) {
              await close();
              groupNo = no;
            }
            if (r.ok) group.push(r.value);
            else {
              groupBad = true;
              log.add(r.problems);
            }
          };
          finishGroups = close;
        }
        if (log.count > 0) writer.writing = false; // the header itself is wrong
      };

      try {
        for await (const chunk of records(main.rows, onHeader)) {
          encoding = main.encoding();
          if (log.count > 0 && log.list.some((p) => p.row === 0 && p.code === "missing_column"))
            break;
          for (const r of chunk) {
            rowsRead++;
            await mapOne!(r.values, r.row);
            if (log.count > 0 && mode === "all_or_nothing") writer.writing = false;
          }
          progress("orders", rowsRead, bytesRead, totalBytes);
        }
        await finishGroups();
        encoding = main.encoding();
      } catch (err) {
        if (!(err instanceof CsvSyntaxError)) throw err;
        log.add([problem(rowsRead + 1, "(file)", "csv_syntax", "", err.message)]);
      }
      if (log.count > 0 && mode === "all_or_nothing") writer.writing = false;
      await writer.finish();
      counts = writer.counts;
      progress("orders", rowsRead, bytesRead, totalBytes);
      const fileLevel = log.list.some((p) => p.row === 0 || p.code === "csv_syntax");
      if (fileLevel || (log.count > 0 && mode === "all_or_nothing")) throw new Rejected();
    });
  } catch (err) {
    if (err instanceof Rejected) {
      status = "rejected";
      counts = { inserted: 0, updated: 0, unchanged: 0, valid: counts.valid };
      message = msg(
        `文件有 ${log.badRows} 条错误记录，未导入任何数据`,
        `${log.badRows} bad record(s); nothing was imported`,
      );
    } else {
      status = "failed";
      counts = { inserted: 0, updated: 0, unchanged: 0, valid: counts.valid };
      const m = err instanceof Error ? err.message : String(err);
      message = msg(`导入失败，未写入任何数据：${m}`, `import failed, nothing was written: ${m}`);
    }
  }
  await jobUpdate;
  await updateImportJob(db, shop.id, jobId, {
    status,
    totalRows: rowsRead,
    processedRows: rowsRead,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    badRows: log.badRows,
    bytesRead,
    errors: log.list,
    message,
    finished: true,
  });
  return {
    jobId,
    status,
    mode,
    fileName,
    encoding,
    rowsRead,
    ordersValid: counts.valid,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    badRows: log.badRows,
    problemCount: log.count,
    problems: log.list,
    problemsTruncated: log.count > log.list.length,
    message,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Reads a 宝贝报表 into the staging table of the transaction. */
async function loadDetails(
  tx: Kysely<DB>,
  input: ImportInput,
  log: ProblemLog,
  progress: (phase: "details", rows: number, bytes: number, total: number | undefined) => void,
): Promise<void> {
  await createDetailStaging(tx);
  let bytes = 0;
  const kind: TabularKind = /\.xlsx$/i.test(inputName(input)) ? "xlsx" : "csv";
  const source = await readRows(kind, input, (b) => {
    bytes = b;
  });
  let mapper: ReturnType<typeof createTaobaoDetailMapper> | undefined;
  let rows = 0;
  let seq = 0;
  let batch: TaobaoDetailLine[] = [];
  try {
    for await (const chunk of records(source.rows, (header) => {
      mapper = createTaobaoDetailMapper(header);
      log.add(mapper.header.problems);
    })) {
      if (mapper!.header.problems.length > 0) break;
      for (const r of chunk) {
        rows++;
        const m = mapper!.map(r.values, r.row);
        if (m.ok) batch.push(m.value);
        else log.add(m.problems);
      }
      if (batch.length >= 5000) {
        await stageDetailLines(tx, batch, seq);
        seq += batch.length;
        batch = [];
      }
      progress("details", rows, bytes, source.totalBytes);
    }
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    log.add([{ ...problem(rows + 1, "(file)", "csv_syntax", "", err.message), file: "details" }]);
  }
  await stageDetailLines(tx, batch, seq);
  await indexDetailStaging(tx);
}

export interface JsonImportOptions {
  /** Write the valid orders and report the bad (default: all or nothing). */
  readonly validOnly?: boolean | undefined;
  /** Time zone for times without an offset (default: the shop's). */
  readonly timeZone?: string | undefined;
  readonly maxProblems?: number | undefined;
}

/**
 * Imports orders given in Dacu's JSON shape (an array, e.g. an HTTP request body) into a
 * shop, in one transaction, with the same rules as file imports (row = index + 1).
 * @example await importJsonOrders(db, shopId, [{ order_no: "A1", status: "created", created_at: "2024-11-11 10:00:00", lines: [{ title: "T恤", quantity: 1, unit_price_fen: 9900 }] }])
 */
export async function importJsonOrders(
  db: Kysely<DB>,
  shopId: number,
  orders: readonly unknown[],
  options: JsonImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const shop = await findShopById(db, shopId);
  if (!shop) throw new Error(msg(`店铺 ${shopId} 不存在`, `shop ${shopId} does not exist`));
  const mode = options.validOnly ? "valid_only" : "all_or_nothing";
  const log = new ProblemLog(options.maxProblems ?? 1000);
  const tz = options.timeZone ?? shop.timeZone;
  let counts: Counts = { inserted: 0, updated: 0, unchanged: 0, valid: 0 };
  let status: ImportOutcome = "done";
  let message: string | null = null;
  try {
    await db.transaction().execute(async (tx) => {
      const writer = new BatchWriter(tx, shop.id, "import:json", 5000, log, false);
      await writer.start();
      for (let i = 0; i < orders.length; i++) {
        const r = mapJsonOrder(orders[i], i + 1, tz);
        if (r.ok) await writer.add(r.value, i + 1);
        else log.add(r.problems);
        if (log.count > 0 && mode === "all_or_nothing") writer.writing = false;
      }
      await writer.finish();
      counts = writer.counts;
      if (log.count > 0 && mode === "all_or_nothing") throw new Rejected();
    });
  } catch (err) {
    counts = { inserted: 0, updated: 0, unchanged: 0, valid: counts.valid };
    if (err instanceof Rejected) {
      status = "rejected";
      message = msg(
        `有 ${log.badRows} 个订单有错误，未导入任何数据`,
        `${log.badRows} bad order(s); nothing was imported`,
      );
    } else throw err;
  }
  return {
    jobId: 0,
    status,
    mode,
    fileName: "json",
    encoding: undefined,
    rowsRead: orders.length,
    ordersValid: counts.valid,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    badRows: log.badRows,
    problemCount: log.count,
    problems: log.list,
    problemsTruncated: log.count > log.list.length,
    message,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * Reads an import job (progress while running on PostgreSQL, outcome and problems when done).
 * @example await getImportJob(db, shopId, result.jobId)
 */
export function getImportJob(
  db: Kysely<DB>,
  shopId: number,
  jobId: number,
): Promise<ImportJobRow | undefined> {
  return findImportJob(db, shopId, jobId);
}
