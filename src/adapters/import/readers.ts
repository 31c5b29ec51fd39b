/**
 * Streaming readers for import files. Both yield the sheet as chunks of rows (arrays of
 * field strings), header row first, reading the input in fixed-size pieces so memory stays
 * flat whatever the file size. `onBytes` reports how much of the input has been consumed.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { type Readable, Transform } from "node:stream";
import { CsvParser } from "./csv.ts";
import { createDecoder, detectEncoding, sniffComplete, type TextEncoding } from "./encoding.ts";

export type TabularKind = "csv" | "xlsx";

/** Where rows come from: a file on disk or any byte stream (an HTTP upload). */
export type ImportInput =
  | { readonly path: string }
  | { readonly stream: Readable; readonly totalBytes?: number | undefined; readonly name?: string };

export interface RowChunks {
  /** Chunks of rows; the first row of the first non-empty chunk is the header. */
  readonly rows: AsyncIterable<string[][]>;
  /** Size of the input when known (files, uploads with a length). */
  readonly totalBytes: number | undefined;
  /** Detected text encoding (CSV only), known once reading has started. */
  encoding(): TextEncoding | undefined;
}

/** Opens an input as a byte stream plus its size when known. */
export async function openInput(
  input: ImportInput,
): Promise<{ stream: Readable; totalBytes: number | undefined }> {
  if ("path" in input) {
    const size = (await stat(input.path)).size;
    return { stream: createReadStream(input.path, { highWaterMark: 1 << 20 }), totalBytes: size };
  }
  return { stream: input.stream, totalBytes: input.totalBytes };
}

/** The display name of an input (file name or the given upload name). */
export function inputName(input: ImportInput): string {
  if ("path" in input) return input.path.split(/[\\/]/).pop() ?? input.path;
  return input.name ?? "upload";
}

/**
 * Reads a CSV input: detects UTF-8 (BOM or not) vs GBK from the first bytes, decodes as a
 * stream and yields parsed RFC 4180 records in chunks.
 */
export async function readCsvRows(
  input: ImportInput,
  onBytes?: (bytesRead: number) => void,
): Promise<RowChunks> {
  const { stream, totalBytes } = await openInput(input);
  let detected: TextEncoding | undefined;
  async function* rows(): AsyncGenerator<string[][]> {
    const parser = new CsvParser();
    let decoder: ReturnType<typeof createDecoder> | undefined;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (!decoder) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        const prefix = pending.length === 1 ? chunk : Buffer.concat(pending, pendingBytes);
        if (!sniffComplete(prefix)) continue;
        detected = detectEncoding(prefix);
        decoder = createDecoder(detected);
        pending = [];
        const out = parser.push(decoder.write(prefix));
        onBytes?.(bytes);
        if (out.length > 0) yield out;
        continue;
      }
      const out = parser.push(decoder.write(chunk));
      onBytes?.(bytes);
      if (out.length > 0) yield out;
    }
    if (!decoder) {
      const prefix = Buffer.concat(pending, pendingBytes);
      detected = detectEncoding(prefix);
      decoder = createDecoder(detected);
      const out = parser.push(decoder.write(prefix));
      if (out.length > 0) yield out;
    }
    const tail = parser.push(decoder.end());
    const last = parser.end();
    onBytes?.(bytes);
    if (tail.length + last.length > 0) yield [...tail, ...last];
  }
  return { rows: rows(), totalBytes, encoding: () => detected };
}

/** Converts one XLSX cell value (as exceljs reports it) to the text a CSV would carry. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    // exceljs returns the wall-clock time of the cell as a UTC instant
    const p = (n: number) => String(n).padStart(2, "0");
    return `${value.getUTCFullYear()}-${p(value.getUTCMonth() + 1)}-${p(value.getUTCDate())} ${p(value.getUTCHours())}:${p(value.getUTCMinutes())}:${p(value.getUTCSeconds())}`;
  }
  if (typeof value === "object") {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return "";
  }
  return String(value);
}

/**
 * Reads the first worksheet of an XLSX input with exceljs's streaming reader. Rows are
 * yielded in chunks; blank rows are skipped.
 */
export async function readXlsxRows(
  input: ImportInput,
  onBytes?: (bytesRead: number) => void,
): Promise<RowChunks> {
  const { stream: raw, totalBytes } = await openInput(input);
  let bytes = 0;
  const stream = raw.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        onBytes?.(bytes);
        done(null, chunk);
      },
    }),
  );
  raw.on("error", (err) => stream.destroy(err));
  async function* rows(): AsyncGenerator<string[][]> {
    const ExcelJS = (await import("exceljs")).default;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      worksheets: "emit",
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "cache",
      entries: "emit",
    });
    let batch: string[][] = [];
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ values: unknown }>) {
        const values = row.values as unknown[];
        const out: string[] = [];
        for (let i = 1; i < values.length; i++)
          out.push(cellText(values[i]).replace(/\r\n/g, "\n"));
        if (out.every((v) => v === "")) continue;
        batch.push(out);
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      break; // first sheet only
    }
    if (batch.length > 0) yield batch;
    raw.destroy();
  }
  return { rows: rows(), totalBytes, encoding: () => undefined };
}

/** Opens an input of the given kind for reading. */
export function readRows(
  kind: TabularKind,
  input: ImportInput,
  onBytes?: (bytesRead: number) => void,
): Promise<RowChunks> {
  return kind === "xlsx" ? readXlsxRows(input, onBytes) : readCsvRows(input, onBytes);
}
