/**
 * SMS content rules for mainland China (Alibaba Cloud SMS, Tencent Cloud SMS and Taobao rules
 * on review inducement; where they differ the stricter reading wins).
 *
 * Pure: no I/O. The same function guards journeys at planning time and backs `dacu sms lint`.
 */

/** The two kinds of SMS a carrier distinguishes. */
export type SmsType = "marketing" | "notification";

/** Every SMS type, in a stable order. */
export const SMS_TYPES: readonly SmsType[] = ["marketing", "notification"];

/** A problem found in an SMS text. */
export type SmsProblemCode =
  | "extra_brackets_in_body"
  | "banned_phrase"
  | "marketing_in_notification"
  | "missing_signature"
  | "missing_unsubscribe"
  | "review_incentive"
  | "signature_length_invalid"
  | "signature_not_at_start"
  | "signature_wrong_brackets"
  | "too_long_for_one_segment"
  | "unsubscribe_not_at_end"
  | "unsupported_symbol";

/** `error` blocks the send; `warning` only informs (e.g. the message costs more). */
export type SmsSeverity = "error" | "warning";

/** Severity of each problem code. */
export const SMS_PROBLEM_SEVERITY: Readonly<Record<SmsProblemCode, SmsSeverity>> = {
  missing_signature: "error",
  signature_wrong_brackets: "error",
  signature_not_at_start: "error",
  signature_length_invalid: "error",
  extra_brackets_in_body: "error",
  missing_unsubscribe: "error",
  unsubscribe_not_at_end: "error",
  banned_phrase: "error",
  review_incentive: "error",
  marketing_in_notification: "error",
  unsupported_symbol: "error",
  too_long_for_one_segment: "warning",
};

/** Every problem code, sorted. */
export const SMS_PROBLEM_CODES: readonly SmsProblemCode[] = (
  Object.keys(SMS_PROBLEM_SEVERITY) as SmsProblemCode[]
).sort();

/** A text in both UI languages. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A human explanation of each problem code, for UIs and the CLI. */
export const SMS_PROBLEM_MESSAGES: Readonly<Record<SmsProblemCode, Bilingual>> = {
  missing_signature: {
    zh: "缺少签名：短信须以【签名】开头",
    en: "Missing signature: the SMS must start with 【signature】",
  },
  signature_wrong_brackets: {
    zh: "签名括号不对：须用【】，不能用 [ ]、［ ］或〖 〗",
    en: "Wrong signature brackets: use 【】, not [ ], ［ ］ or 〖 〗",
  },
  signature_not_at_start: {
    zh: "签名位置不对：【签名】须放在短信开头，不能放在末尾",
    en: "Signature misplaced: 【signature】 must open the SMS, not close it",
  },
  signature_length_invalid: {
    zh: "签名长度不对：【】内须为 2 到 12 个字",
    en: "Signature length invalid: 2 to 12 characters inside 【】",
  },
  extra_brackets_in_body: {
    zh: "正文含【或】：除签名外不能使用【】",
    en: "【 or 】 in the body: only the signature may use 【】",
  },
  missing_unsubscribe: {
    zh: "营销短信缺少退订语（如“回T退订”）",
    en: "Marketing SMS has no opt-out phrase (e.g. 回T退订)",
  },
  unsubscribe_not_at_end: {
    zh: "退订语须放在短信末尾",
    en: "The opt-out phrase must end the SMS",
  },
  banned_phrase: {
    zh: "含禁用词（如“好评返现”“刷单”）",
    en: "Contains a banned phrase (e.g. 好评返现, 刷单)",
  },
  review_incentive: {
    zh: "含以奖励换评价的内容（如“评价有礼”“晒图返现”）",
    en: "Offers a reward for a review (e.g. 评价有礼, 晒图返现)",
  },
  marketing_in_notification: {
    zh: "通知短信含营销词（如“优惠券”“秒杀”），请改为营销短信",
    en: "Notification SMS contains a marketing keyword (e.g. 优惠券, 秒杀): send it as marketing",
  },
  unsupported_symbol: {
    zh: "含不支持的符号或表情（如 ￥、★、emoji）",
    en: "Contains an unsupported symbol or emoji (e.g. ￥, ★, emoji)",
  },
  too_long_for_one_segment: {
    zh: "超过 70 字，将按多条计费（每条 67 字）",
    en: "Over 70 characters: billed as several segments of 67",
  },
};

/** The phrase lists the rules use. A shop may add to them, never remove. */
export interface SmsPhraseLists {
  readonly optOut: readonly string[];
  readonly banned: readonly string[];
  readonly reviewIncentive: readonly string[];
  readonly marketingKeywords: readonly string[];
  readonly unsupportedSymbols: readonly string[];
}

/** The default phrase lists. */
export const DEFAULT_SMS_PHRASES: SmsPhraseLists = {
  optOut: [
    "回T退订",
    "回TD退订",
    "回N退订",
    "回R退订",
    "回复T退订",
    "回复TD退订",
    "回复N退订",
    "回复R退订",
    "退订回T",
    "退订回TD",
    "退订回N",
    "退订回R",
    "退订回复T",
    "退订回复TD",
    "退订回复N",
    "退订回复R",
    "拒收请回复R",
  ],
  banned: [
    "好评返现",
    "五星好评",
    "5星好评",
    "全五星",
    "好评免单",
    "好评返红包",
    "好评返券",
    "好评有礼",
    "邀请好评",
    "给个好评",
    "刷单",
  ],
  reviewIncentive: [
    "评价有礼",
    "晒图有礼",
    "晒单有礼",
    "追评有礼",
    "评价返现",
    "晒图返现",
    "评价送",
    "晒图送",
  ],
  marketingKeywords: [
    "优惠券",
    "领券",
    "限时",
    "秒杀",
    "满减",
    "特价",
    "大促",
    "抢购",
    "折起",
    "上新",
  ],
  unsupportedSymbols: ["¥", "￥", "★", "☆", "☞", "✓", "√", "※", "^_^"],
};

/** A shop's additions to the default lists. */
export type SmsPhraseAdditions = Partial<SmsPhraseLists>;

/**
 * Merges a shop's additions into the defaults. Defaults are always kept; empty strings and
 * duplicates are dropped.
 *
 * @example
 * mergeSmsPhrases({ banned: ["返现"] }).banned.includes("刷单"); // true
 */
export function mergeSmsPhrases(additions: SmsPhraseAdditions = {}): SmsPhraseLists {
  const merge = (base: readonly string[], extra: readonly string[] | undefined) => [
    ...new Set([...base, ...(extra ?? []).filter((p) => p.length > 0)]),
  ];
  return {
    optOut: merge(DEFAULT_SMS_PHRASES.optOut, additions.optOut),
    banned: merge(DEFAULT_SMS_PHRASES.banned, additions.banned),
    reviewIncentive: merge(DEFAULT_SMS_PHRASES.reviewIncentive, additions.reviewIncentive),
    marketingKeywords: merge(DEFAULT_SMS_PHRASES.marketingKeywords, additions.marketingKeywords),
    unsupportedSymbols: merge(DEFAULT_SMS_PHRASES.unsupportedSymbols, additions.unsupportedSymbols),
  };
}

/** What to lint: the complete SMS as the recipient gets it (signature + body + opt-out). */
export interface SmsLintInput {
  readonly text: string;
  readonly type: SmsType;
}

/** The lint result. Exactly these four fields. */
export interface SmsLintResult {
  /** True iff no problem has severity `error`. */
  readonly ok: boolean;
  /** Problem codes, sorted, each at most once. */
  readonly problems: SmsProblemCode[];
  /** Billed segments: 1 up to 70 chars, else ceil(chars / 67). */
  readonly segments: number;
  /** UTF-16 code units (an emoji counts 2). */
  readonly chars: number;
}

/** Characters per segment once a message is split. */
export const SMS_SEGMENT_CHARS = 67;
/** Longest message billed as one segment. */
export const SMS_SINGLE_SEGMENT_CHARS = 70;

/**
 * Segments billed for a message of `chars` UTF-16 code units.
 *
 * @example
 * smsSegments(70); // 1
 * smsSegments(71); // 2
 * smsSegments(134); // 2
 * smsSegments(135); // 3
 */
export function smsSegments(chars: number): number {
  return chars <= SMS_SINGLE_SEGMENT_CHARS ? 1 : Math.ceil(chars / SMS_SEGMENT_CHARS);
}

/**
 * Cost in fen: segments × unit price (× recipients). Integers only.
 *
 * @example
 * smsCostFen(2, 4); // 8
 * smsCostFen(2, 4, 1000); // 8000
 */
export function smsCostFen(segments: number, unitPriceFen: number, recipients = 1): number {
  for (const [name, v] of [
    ["segments", segments],
    ["unitPriceFen", unitPriceFen],
    ["recipients", recipients],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
    }
  }
  return segments * unitPriceFen * recipients;
}

const LEADING_SIGNATURE = /^【([^【】]*)】/;
const TRAILING_SIGNATURE = /【[^【】]*】$/;
const WRONG_BRACKET_SIGNATURE = /^(?:\[[^\]]+\]|［[^］]+］|〖[^〗]+〗)/;
const EMOJI = /\p{Extended_Pictographic}/u;
const OPT_OUT_TAIL = /[\s。.!！]+$/u;
const TRAILING_SPACE = /\s+$/u;

/**
 * Checks an SMS text against the rules. `problems` is sorted; `ok` is false iff any problem
 * is an error. Shop additions to the phrase lists are merged with the defaults.
 *
 * Notes on the reading of the rules:
 * - the text must start with 【 exactly (a leading space is not skipped);
 * - a misplaced trailing 【…】 is reported as `signature_not_at_start` only, not also as
 *   extra brackets; any other 【 or 】 outside the one signature is `extra_brackets_in_body`;
 * - the signature length is counted like `chars` (UTF-16 code units) inside 【】;
 * - phrase matching is exact (case-sensitive) anywhere in the text, signature included.
 *
 * @example
 * lintSms({ type: "marketing", text: "【小店】双11全场满300减40，回T退订" });
 * // { ok: true, problems: [], segments: 1, chars: 20 }
 * lintSms({ type: "notification", text: "您的包裹已发出" }).problems; // ["missing_signature"]
 */
export function lintSms(input: SmsLintInput, additions?: SmsPhraseAdditions): SmsLintResult {
  const lists = mergeSmsPhrases(additions);
  const { text, type } = input;
  const found = new Set<SmsProblemCode>();
  const trimmedEnd = text.replace(TRAILING_SPACE, "");

  const leading = LEADING_SIGNATURE.exec(text);
  let signatureSpan: [number, number] | undefined;
  if (leading) {
    signatureSpan = [0, leading[0].length];
    const len = (leading[1] ?? "").length;
    if (len < 2 || len > 12) found.add("signature_length_invalid");
  } else {
    const wrong = WRONG_BRACKET_SIGNATURE.test(text);
    const trailing = !text.startsWith("【") ? TRAILING_SIGNATURE.exec(trimmedEnd) : null;
    if (wrong) found.add("signature_wrong_brackets");
    if (trailing) {
      found.add("signature_not_at_start");
      signatureSpan = [trailing.index, trailing.index + trailing[0].length];
    }
    if (!wrong && !trailing) found.add("missing_signature");
  }

  const body = signatureSpan
    ? text.slice(0, signatureSpan[0]) + text.slice(signatureSpan[1])
    : text;
  if (body.includes("【") || body.includes("】")) found.add("extra_brackets_in_body");

  if (type === "marketing") {
    if (!lists.optOut.some((p) => text.includes(p))) {
      found.add("missing_unsubscribe");
    } else {
      const tail = text.replace(OPT_OUT_TAIL, "");
      if (!lists.optOut.some((p) => tail.endsWith(p))) found.add("unsubscribe_not_at_end");
    }
  }

  if (lists.banned.some((p) => text.includes(p))) found.add("banned_phrase");
  if (lists.reviewIncentive.some((p) => text.includes(p))) found.add("review_incentive");
  if (type === "notification" && lists.marketingKeywords.some((p) => text.includes(p))) {
    found.add("marketing_in_notification");
  }
  if (EMOJI.test(text) || lists.unsupportedSymbols.some((p) => text.includes(p))) {
    found.add("unsupported_symbol");
  }

  const chars = text.length;
  if (chars > SMS_SINGLE_SEGMENT_CHARS) found.add("too_long_for_one_segment");

  const problems = [...found].sort();
  return {
    ok: problems.every((c) => SMS_PROBLEM_SEVERITY[c] !== "error"),
    problems,
    segments: smsSegments(chars),
    chars,
  };
}
