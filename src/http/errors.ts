/**
 * Turns every failure into a JSON error body
 * `{error: {code, message, messageZh, messageEn, field?}}` — bilingual, never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { AppError } from "../app/errors.ts";

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageZh: string;
    messageEn: string;
    field?: string;
    details?: unknown;
  };
}

export function errorBody(
  code: string,
  messageZh: string,
  messageEn: string,
  field?: string,
  details?: unknown,
): ErrorBody {
  return {
    error: {
      code,
      message: `${messageZh} / ${messageEn}`,
      messageZh,
      messageEn,
      ...(field ? { field } : {}),
      ...(details !== undefined ? { details } : {}),
    },
  };
}

/** The first zod issue as a bilingual message naming the field. */
export function zodErrorBody(error: z.ZodError, where: string): ErrorBody {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join(".") : where;
  const reason = issue?.message ?? "invalid";
  return errorBody(
    "invalid_input",
    `字段 ${field} 无效：${reason}`,
    `Invalid field ${field}: ${reason}`,
    field,
    error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  );
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json(
      errorBody(err.code, err.messageZh, err.messageEn, err.field, err.details),
      err.status as ContentfulStatusCode,
    );
  }
  if (err instanceof z.ZodError) return c.json(zodErrorBody(err, "body"), 400);
  if (err instanceof HTTPException) {
    if (err.status === 400) {
      return c.json(errorBody("invalid_input", "请求格式无效", "Malformed request"), 400);
    }
    return err.getResponse();
  }
  console.error(`[dacu] ${c.req.method} ${c.req.path}:`, err);
  return c.json(
    errorBody(
      "internal",
      "服务器内部错误，请查看服务日志",
      "Internal server error; see the server log",
    ),
    500,
  );
}
