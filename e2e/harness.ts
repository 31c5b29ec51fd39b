/**
 * What the browser tests need: the UI built, a real `dacu start` on a free port with its own
 * data directory, and Debian's Chromium driven by playwright-core with a fresh profile.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const root = new URL("..", import.meta.url).pathname;
export const chromiumPath = process.env.DACU_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Builds web/dist when it is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, [join(root, "scripts/ensure-web.mjs")], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.stdout.trim()) console.log(r.stdout.trim());
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningServer {
  url: string;
  username: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `node bin/dacu.js start` and waits for the URL it prints. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<RunningServer> {
  try {
    return await startOnce(env, timeoutMs);
  } catch (err) {
    // Killed from outside before printing anything (e.g. a busy shared machine): once more.
    if (!(err instanceof KilledBeforeReady)) throw err;
    console.warn(`${err.message}; starting it again`);
    return startOnce(env, timeoutMs);
  }
}

class KilledBeforeReady extends Error {}

async function startOnce(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [join(root, "bin/dacu.js"), "start"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );

  const started = await new Promise<{ url: string; username: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const url = /URL:\s+(http\S+)/.exec(out)?.[1];
      const username = /Login:\s+(\S+)/.exec(out)?.[1];
      if (url && username) {
        clearTimeout(timer);
        resolve({ url, username });
      }
    };
    child.stdout?.on("data", check);
    void exited.then((how) => {
      clearTimeout(timer);
      const message = `server exited (${how}) before it was ready`;
      reject(
        how.startsWith("signal") && !out.trim()
          ? new KilledBeforeReady(message)
          : new Error(`${message}:\n${out}`),
      );
    });
  });

  return {
    ...started,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Chromium with a fresh profile directory, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = tempDir("dacu-chromium-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
