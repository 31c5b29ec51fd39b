/**
 * `dacu sms lint` and `dacu sms window`: check an SMS text or a send time against the rules
 * Dacu enforces (see the SMS rules guide). `--json` prints exactly the result objects.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  lintSms,
  SMS_PROBLEM_MESSAGES,
  SMS_PROBLEM_SEVERITY,
  SMS_TYPES,
  type SmsLintInput,
  type SmsLintResult,
  type SmsType,
} from "../../domain/outreach/sms-lint.ts";
import {
  SMS_WINDOW_PROVIDERS,
  type SmsWindowInput,
  type SmsWindowProvider,
  type SmsWindowResult,
  smsSendWindow,
} from "../../domain/outreach/sms-window.ts";
import { parseIsoInstant } from "../../domain/outreach/time.ts";
import { CliError } from "../errors.ts";

function invalid(field: string, zh: string, en: string): CliError {
  return new CliError(`输入无效：${field} ${zh}\nInvalid input: ${field} ${en}`, 2);
}

function requireString(value: unknown, field: string): string {
  if (value === undefined || value === null) throw invalid(field, "缺失", "is missing");
  if (typeof value !== "string") throw invalid(field, "须为字符串", "must be a string");
  return value;
}

function parseType(value: unknown, field: string): SmsType {
  const s = requireString(value, field);
  if (!(SMS_TYPES as readonly string[]).includes(s)) {
    throw invalid(
      field,
      `未知的短信类型 ${JSON.stringify(s)}（可选：${SMS_TYPES.join("、")}）`,
      `unknown SMS type ${JSON.stringify(s)} (expected one of: ${SMS_TYPES.join(", ")})`,
    );
  }
  return s as SmsType;
}

function parseProvider(value: unknown, field: string): SmsWindowProvider {
  const s = requireString(value, field);
  if (!(SMS_WINDOW_PROVIDERS as readonly string[]).includes(s)) {
    throw invalid(
      field,
      `未知的短信服务商 ${JSON.stringify(s)}（可选：${SMS_WINDOW_PROVIDERS.join("、")}）`,
      `unknown SMS provider ${JSON.stringify(s)} (expected one of: ${SMS_WINDOW_PROVIDERS.join(", ")})`,
    );
  }
  return s as SmsWindowProvider;
}

function parseAt(value: unknown, field: string): string {
  const s = requireString(value, field);
  if (parseIsoInstant(s) === undefined) {
    throw invalid(
      field,
      `不是有效时间 ${JSON.stringify(s)}（须为带时区的 ISO 8601，如 2026-11-10T20:00:00+08:00）`,
      `is not a valid time ${JSON.stringify(s)} (ISO 8601 with an offset, e.g. 2026-11-10T20:00:00+08:00)`,
    );
  }
  return s;
}

async function readItems(file: string): Promise<Record<string, unknown>[]> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    throw invalid("--input", `无法读取文件 ${file}`, `cannot read file ${file}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw invalid("--input", `不是有效的 JSON（${why}）`, `is not valid JSON (${why})`);
  }
  if (!Array.isArray(data)) {
    throw invalid("--input", "须为 JSON 数组", "must hold a JSON array");
  }
  return data.map((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw invalid(`[${i}]`, "须为对象", "must be an object");
    }
    return item as Record<string, unknown>;
  });
}

function exclusive(opts: { input?: string }, single: string[]): void {
  if (opts.input !== undefined && single.length > 0) {
    throw invalid(
      "--input",
      `不能与 ${single.join("、")} 同时使用`,
      `cannot be combined with ${single.join(", ")}`,
    );
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function describeLint(r: SmsLintResult, prefix: string): string {
  const head = r.ok ? "✔ 可以发送 / OK" : "✖ 不可发送 / NOT OK";
  const lines = [`${prefix}${head} · ${r.segments} 条 / segment(s) · ${r.chars} 字符 / chars`];
  for (const c of r.problems) {
    const m = SMS_PROBLEM_MESSAGES[c];
    const mark = SMS_PROBLEM_SEVERITY[c] === "error" ? "✖" : "⚠";
    lines.push(`${prefix}  ${mark} ${c}: ${m.zh} / ${m.en}`);
  }
  return lines.join("\n");
}

function describeWindow(r: SmsWindowResult, prefix: string): string {
  return r.allowed
    ? `${prefix}✔ 可以发送 / allowed: ${r.nextAllowed}`
    : `${prefix}✖ 不在发送时段 / not allowed; 最早 / next allowed: ${r.nextAllowed}`;
}

interface LintOptions {
  type?: string;
  text?: string;
  input?: string;
  json?: boolean;
}

interface WindowOptions {
  provider?: string;
  type?: string;
  at?: string;
  input?: string;
  json?: boolean;
}

async function runLint(opts: LintOptions): Promise<void> {
  const single = (["type", "text"] as const).filter((k) => opts[k] !== undefined);
  exclusive(
    opts,
    single.map((k) => `--${k}`),
  );
  if (opts.input !== undefined) {
    const items = await readItems(opts.input);
    const inputs: SmsLintInput[] = items.map((it, i) => ({
      text: requireString(it.text, `[${i}].text`),
      type: parseType(it.type, `[${i}].type`),
    }));
    const results = inputs.map((x) => lintSms(x));
    if (opts.json) print(results);
    else process.stdout.write(`${results.map((r, i) => describeLint(r, `[${i}] `)).join("\n")}\n`);
    return;
  }
  const type = parseType(opts.type, "--type");
  const text = requireString(opts.text, "--text");
  const result = lintSms({ text, type });
  if (opts.json) print(result);
  else process.stdout.write(`${describeLint(result, "")}\n`);
}

async function runWindow(opts: WindowOptions): Promise<void> {
  const single = (["provider", "type", "at"] as const).filter((k) => opts[k] !== undefined);
  exclusive(
    opts,
    single.map((k) => `--${k}`),
  );
  if (opts.input !== undefined) {
    const items = await readItems(opts.input);
    const inputs: SmsWindowInput[] = items.map((it, i) => ({
      provider: parseProvider(it.provider, `[${i}].provider`),
      type: parseType(it.type, `[${i}].type`),
      at: parseAt(it.at, `[${i}].at`),
    }));
    const results = inputs.map((x) => smsSendWindow(x));
    if (opts.json) print(results);
    else
      process.stdout.write(`${results.map((r, i) => describeWindow(r, `[${i}] `)).join("\n")}\n`);
    return;
  }
  const input: SmsWindowInput = {
    provider: parseProvider(opts.provider, "--provider"),
    type: parseType(opts.type, "--type"),
    at: parseAt(opts.at, "--at"),
  };
  const result = smsSendWindow(input);
  if (opts.json) print(result);
  else process.stdout.write(`${describeWindow(result, "")}\n`);
}

interface FakeServerOptions {
  port: string;
  seed: string;
  latencyMs: string;
  transientRate: string;
  permanentRate: string;
  undeliverableRate: string;
  deliveryDelayMs: string;
  balance: string;
  callbackUrl?: string;
  apiKey?: string;
  json?: boolean;
}

function num(value: string, field: string, min: number, max: number, integer = true): number {
  const n = Number(value);
  if (
    value.trim() === "" ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    throw invalid(
      field,
      `须为 ${min} 到 ${max} 之间的${integer ? "整数" : "数"}，得到 ${JSON.stringify(value)}`,
      `must be a${integer ? "n integer" : " number"} from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

async function runFakeServer(opts: FakeServerOptions): Promise<void> {
  const settings = {
    port: num(opts.port, "--port", 0, 65535),
    seed: num(opts.seed, "--seed", 0, 2 ** 32 - 1),
    latencyMs: num(opts.latencyMs, "--latency-ms", 0, 600_000),
    transientFailureRate: num(opts.transientRate, "--transient-rate", 0, 1, false),
    permanentFailureRate: num(opts.permanentRate, "--permanent-rate", 0, 1, false),
    undeliverableRate: num(opts.undeliverableRate, "--undeliverable-rate", 0, 1, false),
    deliveryDelayMs: num(opts.deliveryDelayMs, "--delivery-delay-ms", 0, 3_600_000),
    balance: num(opts.balance, "--balance", 0, Number.MAX_SAFE_INTEGER),
    callbackUrl: opts.callbackUrl,
    apiKey: opts.apiKey,
  };
  if (settings.callbackUrl !== undefined && !URL.canParse(settings.callbackUrl)) {
    throw invalid("--callback-url", "不是有效的 URL", "is not a valid URL");
  }
  const { startFakeSmsServer } = await import("../../adapters/sms/fake/server.ts");
  const server = await startFakeSmsServer(settings);
  if (opts.json) print({ url: server.url, port: server.port });
  else
    process.stdout.write(
      `本地模拟短信服务已启动 / Fake SMS provider listening on ${server.url} (Ctrl+C 停止 / to stop)\n`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void server.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * Registers `dacu sms lint`, `dacu sms window` and `dacu sms fake-server`.
 *
 * @example
 * // npx dacu sms window --provider aliyun --type marketing --at 2026-11-10T20:00:00+08:00 --json
 * // {"allowed":false,"nextAllowed":"2026-11-11T08:00:00+08:00"}
 */
export function register(program: Command): void {
  const sms = program.command("sms").description("SMS rules / 短信规则检查");
  sms
    .command("lint")
    .description("Check an SMS text / 检查短信内容（签名、退订、禁用词、字数与计费条数）")
    .option("--type <type>", "marketing | notification")
    .option("--text <text>", "the complete SMS: 【signature】 + body + opt-out / 完整短信")
    .option("--input <file>", 'JSON array of { "text", "type" } / 批量检查文件')
    .option("--json", "print JSON / 输出 JSON")
    .action(runLint);
  sms
    .command("window")
    .description("Check a send time against the Beijing window / 检查发送时段（北京时间）")
    .option("--provider <provider>", SMS_WINDOW_PROVIDERS.join(" | "))
    .option("--type <type>", "marketing | notification")
    .option("--at <time>", "ISO 8601 with offset, e.g. 2026-11-10T20:00:00+08:00")
    .option("--input <file>", 'JSON array of { "provider", "type", "at" } / 批量检查文件')
    .option("--json", "print JSON / 输出 JSON")
    .action(runWindow);
  sms
    .command("fake-server")
    .description("Run the local fake SMS provider on 127.0.0.1 / 启动本地模拟短信服务")
    .option("--port <port>", "port, 0 = any free port", "0")
    .option("--seed <seed>", "seed of the failure randomness", "1")
    .option("--latency-ms <ms>", "delay before every response", "0")
    .option("--transient-rate <rate>", "share of messages failing transiently (0–1)", "0")
    .option("--permanent-rate <rate>", "share of messages failing permanently (0–1)", "0")
    .option("--undeliverable-rate <rate>", "share of accepted messages not delivered (0–1)", "0")
    .option("--delivery-delay-ms <ms>", "time to the delivery receipt", "1000")
    .option("--balance <segments>", "SMS credit in segments", "1000000")
    .option("--callback-url <url>", "POST receipts to this URL")
    .option("--api-key <key>", "require Authorization: Bearer <key>")
    .option("--json", "print the address as JSON / 输出 JSON")
    .action(runFakeServer);
}
