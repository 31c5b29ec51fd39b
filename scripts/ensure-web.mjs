#!/usr/bin/env node
// Builds the web UI (web/dist) with Vite when it is missing or older than its sources
// (web/src, web/index.html, web/vite.config.ts, src/domain). Used by `npm start` (prestart), `npm install`
// (postinstall) and the browser tests. Without Vite (a production install) it prints a hint
// and exits 0: the server then shows a page saying how to build the UI.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const web = join(root, "web");
const built = join(web, "dist", "index.html");

/** Newest modification time (ms) among the given files and directory trees. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) visit(join(p, name));
    } else if (s.mtimeMs > max) max = s.mtimeMs;
  };
  for (const p of paths) visit(p);
  return max;
}

function viteBin() {
  try {
    const require = createRequire(join(root, "package.json"));
    const pkgPath = require.resolve("vite/package.json");
    const pkg = require(pkgPath);
    const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.vite;
    return bin ? join(dirname(pkgPath), bin) : undefined;
  } catch {
    return undefined;
  }
}

if (!existsSync(join(web, "index.html"))) process.exit(0); // no UI sources in this install

// web/src also bundles a few dependency-free files of src/domain (lists the server shares).
const sources = newest([
  join(web, "src"),
  join(web, "index.html"),
  join(web, "vite.config.ts"),
  join(root, "src", "domain"),
]);
const reason = !existsSync(built)
  ? "missing"
  : statSync(built).mtimeMs < sources
    ? "outdated"
    : undefined;
if (!reason) process.exit(0);

const vite = viteBin();
if (!vite) {
  console.log(
    "界面未构建：未安装 Vite（生产安装），请在开发环境运行 npm run build:web / " +
      "web UI not built: Vite is not installed (production install); run npm run build:web where it is",
  );
  process.exit(0);
}

const t0 = performance.now();
const r = spawnSync(
  process.execPath,
  [vite, "build", "--config", join(web, "vite.config.ts"), "--logLevel", "warn"],
  { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } },
);
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  console.error("界面构建失败 / web UI build failed");
  process.exit(r.status ?? 1);
}
console.log(
  `界面已构建 / web UI built (${reason === "missing" ? "first build" : "sources changed"}) in ${((performance.now() - t0) / 1000).toFixed(1)} s → web/dist`,
);
