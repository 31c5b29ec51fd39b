/** Small helpers that keep route declarations short while producing an OpenAPI 3.1 doc. */
import { createRoute, z } from "@hono/zod-openapi";

export { z };

type Method = "get" | "post" | "put" | "patch" | "delete";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageZh: z.string(),
      messageEn: z.string(),
      field: z.string().optional(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "Not logged in", content: { "application/json": { schema: ErrorSchema } } },
  403: { description: "Forbidden", content: { "application/json": { schema: ErrorSchema } } },
  404: { description: "Not found", content: { "application/json": { schema: ErrorSchema } } },
} as const;

/** A JSON-in, JSON-out route. */
export function jsonRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
  S extends 200 | 201 = 200,
>(def: {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: S;
}) {
  return createRoute({
    method: def.method,
    path: def.path,
    tags: [def.tag],
    summary: def.summary,
    request: {
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { query: def.query } : {}),
      ...(def.body
        ? { body: { content: { "application/json": { schema: def.body } }, required: true } }
        : {}),
    } as {
      params: P extends z.ZodObject ? P : never;
      query: Q extends z.ZodObject ? Q : never;
      body: B extends z.ZodType
        ? { content: { "application/json": { schema: B } }; required: true }
        : never;
    },
    responses: {
      [def.status ?? 200]: {
        description: "OK",
        content: { "application/json": { schema: def.response } },
      },
      ...errors,
    } as unknown as {
      [K in S]: { description: string; content: { "application/json": { schema: R } } };
    },
  });
}

export const ShopParam = z.object({
  shop: z
    .string()
    .min(1)
    .openapi({ param: { name: "shop", in: "path" }, example: "demo" }),
});

/** `/api/shops/{shop}/…/{id}`: the shop and a positive whole-number id. */
export const IdParams = ShopParam.extend({ id: z.coerce.number().int().positive() });

/** A JSON object the document does not describe field by field. */
export const Anything = z.record(z.string(), z.unknown());

export const Paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** A timestamp as an ISO string in an answer (`null` stays `null`). */
export const iso = (d: Date | string | null): string | null =>
  d ? new Date(d).toISOString() : null;

/** A calendar date `YYYY-MM-DD`. */
export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
