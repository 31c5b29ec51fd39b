/**
 * Vite build of the web UI: `web/` is the root, `web/dist` the output the Hono server serves.
 * In development (`npx vite --config web/vite.config.ts`) `/api` goes to the local server.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.DACU_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": { target: api, changeOrigin: false } },
  },
});
