// Lets Node load Dacu's TypeScript sources (see ts-hooks.mjs): imported by bin/dacu.js, and
// by `node --import ./bin/register-ts.mjs FILE.ts` for scripts and benchmarks.
import { register } from "node:module";

register("./ts-hooks.mjs", import.meta.url);
// stack traces through the inline source maps: TypeScript file names and lines
process.setSourceMapsEnabled(true);
