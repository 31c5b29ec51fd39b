#!/usr/bin/env node
// Entry point of the `dacu` command. Runs the TypeScript sources directly (bin/ts-hooks.mjs
// compiles each file as it is loaded), so the checkout needs no separate build step.
import "./register-ts.mjs";

const { main } = await import("../src/cli/main.ts");
await main(process.argv);
