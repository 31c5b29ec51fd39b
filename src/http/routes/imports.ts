/**
 * Order import over HTTP: a file upload starts a background import whose progress the UI
 * polls; JSON orders import synchronously. Running imports report progress from memory, so a
 * poll never waits for the import's transaction (on PGlite it holds the one connection).
 */
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  findImportJob,
  findImportMapping,
  type ImportJobRow,
  listImportJobs,
} from "../../adapters/db/repositories/order-import.ts";
import type { PublicUser } from "../../adapters/db/repositories/users.ts";
import { AppError } from "../../app/errors.ts";
import {
  type ImportProgress,
  importJsonOrders,
  importOrderFile,
} from "../../app/import/import-orders.ts";
import { refreshAfterImport } from "../../app/segments/refresh.ts";
import { genericMappingSchema } from "../../domain/import/generic.ts";
import type { Api, AppContext } from "../context.ts";
import { IdParams, jsonRoute, ShopParam, z } from "../openapi.ts";

const maxUploadBytes = 512 * 1024 * 1024;

interface Running {
  progress: ImportProgress | null;
  fileName: string;
  format: string;
  mode: "all_or_nothing" | "valid_only";
  startedAt: Date;
}
/** Jobs running in this process, by id. */
const running = new Map<number, Running>();

const JobSchema = z
  .object({
    id: z.number(),
    status: z.enum(["running", "done", "rejected", "failed"]),
    fileName: z.string(),
    format: z.string(),
    mode: z.enum(["all_or_nothing", "valid_only"]),
    totalRows: z.number(),
    processedRows: z.number(),
    bytesRead: z.number(),
    totalBytes: z.number().nullable(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    badRows: z.number(),
    errors: z.array(z.unknown()),
    message: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("ImportJob");

function jobView(job: ImportJobRow) {
  const live = running.get(job.id);
  const p = live?.progress;
  return {
    id: job.id,
    status: live ? ("running" as const) : job.status,
    fileName: job.fileName,
    format: job.format,
    mode: job.mode,
    totalRows: job.totalRows,
    processedRows: p ? p.rowsRead : job.processedRows,
    bytesRead: p ? p.bytesRead : job.bytesRead,
    totalBytes: p ? (p.totalBytes ?? null) : job.totalBytes,
    inserted: job.inserted,
    updated: job.updated,
    unchanged: job.unchanged,
    badRows: job.badRows,
    errors: job.errors,
    message: job.message,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  };
}

function liveView(id: number, r: Running) {
  return {
    id,
    status: "running" as const,
    fileName: r.fileName,
    format: r.format,
    mode: r.mode,
    totalRows: 0,
    processedRows: r.progress?.rowsRead ?? 0,
    bytesRead: r.progress?.bytesRead ?? 0,
    totalBytes: r.progress?.totalBytes ?? null,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    badRows: 0,
    errors: [],
    message: null,
    startedAt: r.startedAt.toISOString(),
    finishedAt: null,
  };
}

function mayImport(user: PublicUser): void {
  if (user.role !== "owner" && user.role !== "operator") {
    throw new AppError(
      "forbidden",
      "只有店主和运营可以导入订单",
      "Only owners and operators can import orders",
    );
  }
}

async function saveUpload(file: File, dir: string, name: string): Promise<string> {
  if (file.size > maxUploadBytes) {
    throw new AppError(
      "invalid_input",
      `文件超过 ${maxUploadBytes / 1024 / 1024} MB，请用命令行 dacu import 导入`,
      `File larger than ${maxUploadBytes / 1024 / 1024} MB: use the dacu import command`,
      "file",
    );
  }
  const path = join(dir, name);
  await pipeline(
    Readable.fromWeb(file.stream() as unknown as WebReadableStream),
    createWriteStream(path),
  );
  return path;
}

export function importRoutes(app: Api, ctx: AppContext): void {
  const { database } = ctx;
  const db = database.db;

  app.openapi(
    {
      method: "post",
      path: "/api/shops/{shop}/imports",
      tags: ["imports"],
      summary: "Upload an order file and start importing it / 上传并导入订单文件",
      description:
        "multipart/form-data: file (订单报表 CSV/XLSX), details (宝贝报表, optional), format = taobao | csv | xlsx, validOnly = true | false, mapping (saved mapping name, csv/xlsx).",
      request: {
        params: ShopParam,
        body: {
          content: {
            "multipart/form-data": {
              schema: z.object({
                file: z.any().openapi({ type: "string", format: "binary" }),
                details: z.any().optional().openapi({ type: "string", format: "binary" }),
                format: z.enum(["taobao", "csv", "xlsx"]),
                validOnly: z.enum(["true", "false"]).optional(),
                mapping: z.string().max(60).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: {
          description: "Started",
          content: { "application/json": { schema: z.object({ job: JobSchema }) } },
        },
      },
    },
    async (c) => {
      const shop = c.get("shop");
      const user = c.get("user");
      mayImport(user);
      const form = c.req.valid("form") as Record<string, unknown>;
      const file = form.file;
      if (!(file instanceof File)) {
        throw new AppError(
          "invalid_input",
          "请选择要导入的文件",
          "Choose a file to import",
          "file",
        );
      }
      const format = form.format as "taobao" | "csv" | "xlsx";
      const details =
        form.details instanceof File && form.details.size > 0 ? form.details : undefined;
      let mapping: ReturnType<typeof genericMappingSchema.parse> | undefined;
      if (typeof form.mapping === "string" && form.mapping) {
        if (format === "taobao") {
          throw new AppError(
            "invalid_input",
            "映射只用于通用 CSV/XLSX",
            "A mapping only goes with csv/xlsx",
            "mapping",
          );
        }
        const saved = await findImportMapping(db, shop.id, form.mapping);
        if (!saved)
          throw new AppError("invalid_input", "没有这个映射", "No such saved mapping", "mapping");
        mapping = genericMappingSchema.parse(saved);
      }
      const dir = await mkdtemp(join(tmpdir(), "dacu-upload-"));
      const safeName = (n: string) =>
        n.replace(/[^\w.\u4e00-\u9fff-]+/g, "_").slice(-120) || "upload";
      const filePath = await saveUpload(file, dir, safeName(file.name));
      let detailsPath: string | undefined;
      if (details) {
        await mkdir(join(dir, "details"));
        detailsPath = await saveUpload(details, join(dir, "details"), safeName(details.name));
      }

      const state: Running = {
        progress: null,
        fileName: file.name,
        format,
        mode: form.validOnly === "true" ? "valid_only" : "all_or_nothing",
        startedAt: ctx.now(),
      };
      let jobId = 0;
      const started = new Promise<number>((resolve, reject) => {
        importOrderFile(database, {
          shopId: shop.id,
          format,
          input: { path: filePath },
          ...(detailsPath ? { details: { path: detailsPath } } : {}),
          fileKind: format === "xlsx" || file.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv",
          mapping,
          validOnly: form.validOnly === "true",
          userId: user.id,
          onJob: (id) => {
            jobId = id;
            running.set(id, state);
            resolve(id);
          },
          onProgress: (p) => {
            state.progress = p;
          },
        })
          .then(async (result) => {
            running.delete(jobId);
            if (result.status === "done" && result.inserted + result.updated > 0) {
              const refresh = ctx.requestSegmentRefresh
                ? ctx.requestSegmentRefresh(shop.id, "import")
                : refreshAfterImport(db, shop.id);
              await refresh.catch((err) =>
                console.error("[dacu] segment refresh after import:", err),
              );
            }
          })
          .catch((err) => {
            running.delete(jobId);
            console.error("[dacu] import:", err);
            reject(err);
          })
          .finally(() => rm(dir, { recursive: true, force: true }));
      });
      const id = await started;
      const job = await findImportJob(db, shop.id, id).catch(() => undefined);
      const live = running.get(id);
      return c.json(
        { job: live ? liveView(id, live) : job ? jobView(job) : liveView(id, state) },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/imports/{id}",
      tag: "imports",
      summary: "An import's progress or result / 导入进度与结果",
      params: IdParams,
      response: z.object({ job: JobSchema }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const live = running.get(id);
      if (live) return c.json({ job: liveView(id, live) }, 200);
      const job = await findImportJob(db, shop.id, id);
      if (!job) throw new AppError("not_found", "导入任务不存在", "Import job not found", "id");
      return c.json({ job: jobView(job) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/imports",
      tag: "imports",
      summary: "Recent imports / 最近的导入",
      params: ShopParam,
      response: z.object({ jobs: z.array(JobSchema) }),
    }),
    async (c) => {
      const jobs = await listImportJobs(db, c.get("shop").id, 20);
      return c.json({ jobs: jobs.map(jobView) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/orders/import",
      tag: "imports",
      summary: "Import orders given as JSON (Dacu's order shape) / 以 JSON 导入订单",
      params: ShopParam,
      query: z.object({ validOnly: z.enum(["true", "false"]).optional() }),
      body: z.array(z.unknown()).max(50_000),
      response: z.record(z.string(), z.unknown()),
    }),
    async (c) => {
      const shop = c.get("shop");
      mayImport(c.get("user"));
      const result = await importJsonOrders(db, shop.id, c.req.valid("json"), {
        validOnly: c.req.valid("query").validOnly === "true",
      });
      const status = result.status === "done" ? 200 : 400;
      return c.json({ ...result } as Record<string, unknown>, status as 200);
    },
  );
}
