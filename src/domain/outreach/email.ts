/**
 * Outreach e-mail composition: a step's subject and text template rendered for one
 * customer, laid out in Chinese or English with the mandatory unsubscribe footer, as plain
 * text and as HTML. Pure: the unsubscribe URL and the values are passed in.
 */

import { renderTemplate, type TemplateVariable } from "./journeys/templates.ts";

/** Language of an e-mail's fixed wording (footer, unsubscribe link text). */
export type EmailLanguage = "zh" | "en";

/** Input of {@link composeEmail}. */
export interface EmailComposeInput {
  readonly language: EmailLanguage;
  /** Subject template (may use variables); a default per language when empty. */
  readonly subject: string | null;
  /** Body template (plain text; blank lines separate paragraphs). */
  readonly template: string;
  readonly shopName: string;
  /** The recipient's one-click unsubscribe URL (also put into `{unsubscribe}`). */
  readonly unsubscribeUrl: string;
  readonly vars: Readonly<Partial<Record<TemplateVariable, string | null | undefined>>>;
}

/** A composed e-mail. */
export interface ComposedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const FOOTER: Record<EmailLanguage, (shop: string, url: string) => string> = {
  zh: (shop, url) =>
    `您收到这封邮件，是因为您同意接收「${shop}」的消息。\n不想再收到？一键退订：${url}`,
  en: (shop, url) =>
    `You receive this e-mail because you agreed to hear from ${shop}.\nDon't want these any more? Unsubscribe with one click: ${url}`,
};

const UNSUBSCRIBE_TEXT: Record<EmailLanguage, string> = { zh: "一键退订", en: "Unsubscribe" };

const DEFAULT_SUBJECT: Record<EmailLanguage, (shop: string) => string> = {
  zh: (shop) => `${shop} 的消息`,
  en: (shop) => `News from ${shop}`,
};

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml(`<a href="x">`); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Escapes a paragraph and turns http(s) URLs into links. */
function htmlParagraph(p: string): string {
  const parts = p.split(/(https?:\/\/[^\s<>"'，。；、）]+)/g);
  return parts
    .map((part, i) =>
      i % 2 === 1
        ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>`
        : escapeHtml(part).replace(/\n/g, "<br>"),
    )
    .join("");
}

/**
 * Renders an outreach e-mail for one recipient: the subject and body templates with the
 * values, then the footer in the chosen language with the unsubscribe link, which every
 * marketing e-mail carries whether or not the template uses `{unsubscribe}`.
 *
 * @example
 * composeEmail({ language: "zh", subject: "{shop} 双11", template: "{name}您好", shopName: "小店",
 *   unsubscribeUrl: "https://shop.example/u/t", vars: { name: "张伟" } }).text;
 * // "张伟您好\n\n--\n您收到这封邮件，是因为您同意接收「小店」的消息。\n不想再收到？一键退订：https://shop.example/u/t"
 */
export function composeEmail(input: EmailComposeInput): ComposedEmail {
  const vars = { shop: input.shopName, ...input.vars, unsubscribe: input.unsubscribeUrl };
  const subjectTemplate = input.subject?.trim() || DEFAULT_SUBJECT[input.language](input.shopName);
  const subject = renderTemplate(subjectTemplate, vars).text.replace(/\s+/g, " ").trim();
  const body = renderTemplate(input.template, vars).text.replace(/\r\n?/g, "\n").trim();
  const footer = FOOTER[input.language](input.shopName, input.unsubscribeUrl);
  const text = `${body}\n\n--\n${footer}`;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${htmlParagraph(p)}</p>`)
    .join("\n");
  const lang = input.language === "zh" ? "zh-CN" : "en";
  const html = [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family:sans-serif;line-height:1.6;color:#222">`,
    paragraphs,
    `<hr style="border:none;border-top:1px solid #ddd">`,
    `<p style="font-size:12px;color:#888">${escapeHtml(footer.split("\n")[0] ?? "")}<br>`,
    `<a href="${escapeHtml(input.unsubscribeUrl)}">${UNSUBSCRIBE_TEXT[input.language]}</a></p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}

/**
 * A plausible e-mail address (one `@`, a dot in the domain, no spaces or angle brackets).
 *
 * @example
 * isEmailAddress("a@example.com"); // true
 * isEmailAddress("a@localhost"); // false
 */
export function isEmailAddress(s: string): boolean {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(s);
}

/** The domain part of an address (for Message-IDs). */
export function emailDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "localhost" : address.slice(at + 1).replace(/>.*$/, "");
}
