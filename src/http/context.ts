/** What every HTTP handler can reach: the database and the request's user and shop. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "../adapters/db/database.ts";
import type { PublicUser } from "../adapters/db/repositories/users.ts";
import type { Shop } from "../adapters/db/schema.ts";

export interface AppContext {
  database: Database;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** Directory of the built web UI (served at `/`), if any. */
  webDir?: string | undefined;
  /**
   * Asks for a segment refresh of a shop after an import (`dacu start` puts it on the job
   * queue). Without it the import refreshes the shop's segments itself when it finishes.
   */
  requestSegmentRefresh?: ((shopId: number, trigger: "import") => Promise<unknown>) | undefined;
}

export interface Env {
  Variables: {
    user: PublicUser;
    shop: Shop;
  };
}

export type Api = OpenAPIHono<Env>;
