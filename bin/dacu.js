#!/usr/bin/env node
// Entry point of the `dacu` command. Runs the TypeScript sources through tsx so the
// checkout needs no separate build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
