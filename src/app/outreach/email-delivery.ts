/**
 * E-mail delivery of a send job's chunk, on the same message rows and states as SMS.
 *
 * SMTP has no status query and no idempotency key, so e-mail is delivered **at most once**:
 * each row is claimed on its own (`queued` → `sending`, committed) right before its SMTP
 * call and recorded `sent` with its Message-ID right after. A worker that dies leaves only
 * the rows in flight `sending`; recovery turns them `unknown` and they are never re-sent
 * (they are listed for review). Rows the server explicitly refused with a 4xx reply, or
 * that never reached a connected server, go back to `queued` with a backoff; 5xx → `failed`.
 * Addresses unsubscribed or consents withdrawn after planning are failed before sending;
 * the shop's quiet hours defer the chunk.
 */
import type { Database } from "../../adapters/db/database.ts";
import {
  type ClaimedMessage,
  claimNextEmail,
  type DeliveryStepInfo,
  deferChunk,
  failWithdrawnEmail,
  markFailed,
  markSent,
  markUnknown,
  requeueLater,
} from "../../adapters/db/repositories/outreach-delivery.ts";
import { EmailSendError } from "../../adapters/email/smtp.ts";
import { composeEmail, emailDomain } from "../../domain/outreach/email.ts";
import { type QuietHours, quietHoursCheck } from "../../domain/outreach/quiet-hours.ts";
import type { ChunkResult, DeliveryOptions, SendJob } from "./delivery.ts";
import { listUnsubscribeHeaders, unsubscribeToken } from "./suppression.ts";

/** Template values of one claimed message. */
export function templateVars(info: DeliveryStepInfo, row: ClaimedMessage) {
  const setting = (k: string) => {
    const v = info.settings[k];
    return typeof v === "string" ? v : undefined;
  };
  return {
    name: row.name,
    shop: info.shop_name,
    coupon: setting("coupon"),
    link: setting("link"),
    orderNo: row.order_no,
    trackingNo: row.tracking_no,
  };
}

/** Wait before the n-th retry of a refused e-mail: 1, 2, 4 … minutes, at most an hour. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/** Sends the `queued` e-mail rows of one chunk. See the module comment for the guarantees. */
export async function processEmailChunk(
  database: Database,
  job: SendJob,
  info: DeliveryStepInfo,
  options: DeliveryOptions & { workerId: string; now: () => Date },
): Promise<ChunkResult> {
  const result: ChunkResult = { claimed: 0, sent: 0, failed: 0, deferred: 0 };
  const now = options.now();
  const mailer = options.mailer ? await options.mailer(job.shopId) : null;
  if (!mailer) {
    result.deferred = await deferChunk(
      database,
      job,
      "email",
      new Date(now.getTime() + 15 * 60_000).toISOString(),
      "waiting: the shop has no SMTP settings",
    );
    return result;
  }
  const quiet = quietHoursCheck({
    at: now,
    timeZone: info.time_zone,
    ...(info.settings.quietHours ? { quietHours: info.settings.quietHours as QuietHours } : {}),
  });
  if (quiet.quiet) {
    result.deferred = await deferChunk(
      database,
      job,
      "email",
      new Date(quiet.nextAllowedMs).toISOString(),
    );
    return result;
  }
  result.failed += await failWithdrawnEmail(database, job);
  const maxAttempts = options.maxAttempts ?? 5;
  const domain = emailDomain(mailer.from);
  // A server that cannot be reached stops the chunk: its other rows stay queued.
  let unreachable = false;
  const lane = async () => {
    for (;;) {
      if (unreachable) return;
      const row = await claimNextEmail(
        database,
        job,
        options.workerId,
        now.toISOString(),
        options.leaseSeconds ?? 60,
      );
      if (!row) return;
      result.claimed++;
      const attempts = row.attempts ?? 1;
      const address = row.address ?? "";
      const url = `${mailer.publicUrl}/u/${unsubscribeToken(job.shopId, address)}`;
      const mail = composeEmail({
        language: mailer.language,
        subject: info.subject,
        template: info.template,
        shopName: info.shop_name,
        unsubscribeUrl: url,
        vars: templateVars(info, row),
      });
      const messageId = `<${row.key.replace(/[^A-Za-z0-9.:_-]/g, "_")}@${domain}>`;
      try {
        const accepted = await mailer.transport.send({
          to: address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          headers: { ...listUnsubscribeHeaders(url), "X-Dacu-Message": row.key },
        });
        await markSent(database, job.shopId, [row.id], [accepted.messageId || messageId]);
        result.sent++;
      } catch (err) {
        const e =
          err instanceof EmailSendError
            ? err
            : new EmailSendError(
                "uncertain",
                "error",
                err instanceof Error ? err.message : String(err),
              );
        const why = `${e.code}: ${e.message}`.slice(0, 500);
        if (e.kind === "transient" && !e.code.startsWith("smtp_")) unreachable = true;
        if (e.kind === "transient" && attempts < maxAttempts) {
          const at = new Date(now.getTime() + emailRetryDelayMs(attempts)).toISOString();
          await requeueLater(database, job.shopId, row.id, at, why);
        } else if (e.kind === "uncertain") {
          await markUnknown(
            database,
            job.shopId,
            row.id,
            `${why} (may have been delivered; not re-sent)`,
          );
        } else {
          await markFailed(database, job.shopId, [row.id], [why]);
          result.failed++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.emailConcurrency ?? 4 }, lane));
  return result;
}
