/**
 * The one error type use cases throw for a user's mistake or a refused action. It carries a
 * stable code, an HTTP status, a message in Chinese and English, and the offending field.
 * HTTP turns it into `{error: {code, message, messageZh, messageEn, field}}`; the CLI prints
 * both messages. Anything else is an internal error (logged, never shown with a stack).
 */
export type AppErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited";

const statusOf: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(`${messageZh} / ${messageEn}`);
    this.name = "AppError";
    this.status = statusOf[code];
  }
}

export function notFound(whatZh: string, whatEn: string, field?: string): AppError {
  return new AppError("not_found", `${whatZh}不存在`, `${whatEn} not found`, field);
}
