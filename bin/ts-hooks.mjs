// Module hooks that run Dacu's TypeScript sources directly: each `.ts` file is turned into
// JavaScript by esbuild as it is loaded (types removed, nothing else changed), with an inline
// source map so stack traces name the TypeScript lines. Registered by `register-ts.mjs`.
//
// Why not tsx's loader: it compiles with esbuild's `keepNames`, which wraps every function in a
// call that sets its name. The pricing engine and the worst-case guard create many closures,
// and those calls cost them 4–15 % of their time; plain compilation keeps the names V8 infers.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";

const TS = /\.(?:ts|mts|cts)$/;

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !TS.test(new URL(url).pathname) || url.includes("/node_modules/"))
    return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, "utf8");
  const out = await transform(source, {
    loader: "ts",
    format: url.endsWith(".cts") ? "cjs" : "esm",
    target: `node${process.versions.node}`,
    sourcemap: "inline",
    sourcefile: file,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return {
    format: url.endsWith(".cts") ? "commonjs" : "module",
    source: out.code,
    shortCircuit: true,
  };
}
