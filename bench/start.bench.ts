/**
 * Cold start: a fresh data directory, `dacu start` until it prints its URL (migrations,
 * owner account, demo shop load), then a second (warm) start on the same directory.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function timeStart(dataDir: string, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ["bin/dacu.js", "start"], {
    env: { ...process.env, DACU_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const ms = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("http://")) resolve(performance.now() - t0);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return ms;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "dacu-bench-start-"));
  try {
    const cold = await timeStart(join(dir, "pglite"));
    console.log(
      `start: cold start with demo shop load (PGlite): ${(cold / 1000).toFixed(1)} s (target < 60 s)`,
    );
    const warm = await timeStart(join(dir, "pglite"));
    console.log(`start: warm start (PGlite): ${(warm / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
