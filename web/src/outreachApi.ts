/**
 * The outreach endpoints the UI uses: journeys and their steps, the text check, the dry-run
 * plan, launch, progress, phone call lists, the nurture timeline, consent and suppressions,
 * the shop's e-mail (SMTP) settings and the logistics notifications switch.
 */
import type {
  JourneyInput,
  JourneySettings,
  JourneyView,
  StepInput,
  StepRow,
} from "../../src/app/outreach/journeys.ts";
import type { StepAudience } from "../../src/domain/outreach/journeys/templates.ts";
import { request, shopPath } from "./api.ts";

export type Channel = "sms" | "email" | "phone";
export const channels: readonly Channel[] = ["sms", "email", "phone"];
export type SmsType = "marketing" | "notification";
export type Provider = "aliyun" | "tencent" | "default";
export const providers: readonly Provider[] = ["default", "aliyun", "tencent"];
export type PlaybookAudience = "loyal" | "active" | "general" | "all";
export const playbookAudiences: readonly PlaybookAudience[] = ["all", "loyal", "active", "general"];

// Journeys, their steps and settings are the server's own types (type-only imports: nothing
// is bundled). A step's audience may also be a logistics event (the logistics journey).
export type { JourneyInput, JourneySettings, StepInput, StepRow };
export type Audience = StepAudience;
/** A journey with its steps, as GET …/journeys/{id} answers. */
export type Journey = JourneyView;

export interface Bilingual {
  zh: string;
  en: string;
}

export interface JourneyListItem {
  id: number;
  name: string;
  status: string;
  t_date: string | null;
  steps: number;
}

export interface PlanWarning {
  code: string;
  severity: "error" | "warning";
  message: Bilingual;
  suggestion?: Bilingual;
  details?: Record<string, unknown>;
}

export interface StepPlan {
  stepId: number;
  name: string;
  channel: Channel;
  start: string;
  end: string;
  counts: {
    audience: number;
    noConsent: number;
    suppressed: number;
    capped: number;
    recipients: number;
    heldOut: number;
  };
  written: number;
  check: {
    ok: boolean;
    warnings: PlanWarning[];
    segments: number;
    chars: number;
    totalSegments: number;
    costFen: number;
    sample: string;
  };
}

export interface JourneyPlan {
  journeyId: number;
  dryRun: boolean;
  ok: boolean;
  steps: StepPlan[];
  totalRecipients: number;
  totalSegments: number;
  costFen: number;
  balanceSegments: number | null;
}

export interface StepProgress {
  stepId: number;
  name: string;
  channel: Channel;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  held_out: number;
  total: number;
}

export interface TextCheck {
  ok: boolean;
  channel: Channel;
  sample: string;
  chars: number;
  segments: number;
  lintOk: boolean;
  problems: { code: string; severity: "error" | "warning"; message: Bilingual }[];
  warnings: PlanWarning[];
  start: string | null;
  end: string | null;
  timeZone: string;
}

export interface TextCheckInput {
  channel: Channel;
  smsType: SmsType;
  template: string;
  audience?: Audience;
  tDate?: string | null;
  offsetDays: number;
  windowFrom?: string;
  windowTo?: string;
  provider: Provider;
  quietHours?: { start: string; end: string };
  withPhoneCalls?: boolean;
}

export interface NurtureTouch {
  key: string;
  name: string;
  from: string;
  to: string;
}

export interface ConsentRow {
  channel: Channel;
  customers: number;
  withAddress: number;
  granted: number;
  refused: number;
  suppressed: number;
}

export interface SuppressionRow {
  channel: Channel;
  address: string;
  reason: string;
  source: string;
  at: string;
}

export interface CallRow {
  messageId: number;
  customer: string | null;
  phone: string | null;
  state: string;
  error: string | null;
}

export interface Attribution {
  stepId: number;
  name: string;
  channel: Channel;
  treated: number;
  heldOut: number;
  treatedBuyers: number;
  heldOutBuyers: number;
  treatedOrders: number;
  heldOutOrders: number;
  treatedGmvFen: number;
  heldOutGmvFen: number;
  incrementalOrders: number;
  incrementalGmvFen: number;
}

const base = (shop: string) => `${shopPath(shop)}/outreach`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const outreachApi = {
  journeys: (shop: string, signal?: AbortSignal) =>
    request<{ journeys: JourneyListItem[] }>("GET", `${base(shop)}/journeys`, withSignal(signal)),
  journey: (shop: string, id: number, signal?: AbortSignal) =>
    request<Journey>("GET", `${base(shop)}/journeys/${id}`, withSignal(signal)),
  create: (shop: string, body: JourneyInput) =>
    request<Journey>("POST", `${base(shop)}/journeys`, { json: body }),
  createPlaybook: (
    shop: string,
    body: {
      signature: string;
      campaignId?: number | null;
      tDate?: string | null;
      settings?: JourneySettings;
    },
  ) => request<Journey>("POST", `${base(shop)}/journeys/playbook`, { json: body }),
  update: (shop: string, id: number, body: JourneyInput) =>
    request<Journey>("PUT", `${base(shop)}/journeys/${id}`, { json: body }),
  remove: (shop: string, id: number) =>
    request<{ ok: boolean }>("DELETE", `${base(shop)}/journeys/${id}`),
  plan: (shop: string, id: number, body: { balanceSegments?: number } = {}) =>
    request<JourneyPlan>("POST", `${base(shop)}/journeys/${id}/plan`, { json: body }),
  launch: (shop: string, id: number, body: { balanceSegments?: number; force?: boolean } = {}) =>
    request<JourneyPlan>("POST", `${base(shop)}/journeys/${id}/launch`, { json: body }),
  progress: (shop: string, id: number, signal?: AbortSignal) =>
    request<{ steps: StepProgress[] }>(
      "GET",
      `${base(shop)}/journeys/${id}/progress`,
      withSignal(signal),
    ),
  calls: (
    shop: string,
    id: number,
    stepId: number,
    q: { page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<{ total: number; items: CallRow[]; piiMasked: boolean }>(
      "GET",
      `${base(shop)}/journeys/${id}/steps/${stepId}/calls`,
      { query: q, ...withSignal(signal) },
    ),
  attribution: (shop: string, id: number, windowDays: number, signal?: AbortSignal) =>
    request<{ steps: Attribution[] }>("GET", `${base(shop)}/journeys/${id}/attribution`, {
      query: { windowDays },
      ...withSignal(signal),
    }),
  importCallResults: (shop: string, id: number, stepId: number, csv: string) =>
    request<{ updated: number }>(
      "POST",
      `${base(shop)}/journeys/${id}/steps/${stepId}/call-results`,
      {
        json: { csv },
      },
    ),
  callsCsvUrl: (shop: string, id: number, stepId: number) =>
    `${base(shop)}/journeys/${id}/steps/${stepId}/calls.csv`,
  check: (shop: string, body: TextCheckInput, signal?: AbortSignal) =>
    request<TextCheck>("POST", `${base(shop)}/sms/check`, { json: body, ...withSignal(signal) }),
  nurture: (shop: string, peak: string, signal?: AbortSignal) =>
    request<{ touches: NurtureTouch[] }>("GET", `${base(shop)}/nurture`, {
      query: { peak },
      ...withSignal(signal),
    }),
  consents: (shop: string, signal?: AbortSignal) =>
    request<{ channels: ConsentRow[] }>("GET", `${base(shop)}/consents`, withSignal(signal)),
  suppressions: (
    shop: string,
    q: { channel?: Channel | undefined; page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<{ total: number; items: SuppressionRow[]; piiMasked: boolean }>(
      "GET",
      `${base(shop)}/suppressions`,
      { query: q, ...withSignal(signal) },
    ),
  suppress: (shop: string, body: { channel: Channel; address: string }) =>
    request<{ ok: boolean }>("POST", `${base(shop)}/suppressions`, { json: body }),
};

/** The shop's e-mail settings as the server shows them: never the password itself. */
export interface EmailSettings {
  configured: boolean;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string | null;
  passwordSet?: boolean;
  from?: string;
  fromName?: string | null;
  language?: "zh" | "en";
  publicUrl?: string;
  allowSelfSigned?: boolean;
}

/** E-mail settings to save. `password` omitted keeps the stored one; `null` clears it. */
export interface EmailSettingsInput {
  host: string;
  port: number;
  secure: boolean;
  user?: string | null;
  password?: string | null;
  from: string;
  fromName?: string | null;
  language?: "zh" | "en";
  publicUrl: string;
  allowSelfSigned?: boolean;
}

/** Logistics notifications: whether they are on, and their journey (one SMS per event). */
export interface LogisticsStatus {
  enabled: boolean;
  journey: Journey | null;
}

export const emailSettingsApi = {
  get: (shop: string, signal?: AbortSignal) =>
    request<EmailSettings>("GET", `${base(shop)}/email-settings`, withSignal(signal)),
  save: (shop: string, body: EmailSettingsInput) =>
    request<EmailSettings>("PUT", `${base(shop)}/email-settings`, { json: body }),
  logistics: (shop: string, signal?: AbortSignal) =>
    request<LogisticsStatus>("GET", `${base(shop)}/logistics`, withSignal(signal)),
  setLogistics: (shop: string, enabled: boolean, signature?: string) =>
    request<LogisticsStatus>("PUT", `${base(shop)}/logistics`, {
      json: { enabled, ...(signature ? { signature } : {}) },
    }),
};

/** A stored step back into the shape the server takes. */
export function stepToInput(s: StepRow): StepInput {
  return {
    name: s.name,
    channel: s.channel,
    smsType: s.sms_type,
    audience: s.audience,
    template: s.template,
    subject: s.subject,
    offsetDays: s.offset_days,
    spanDays: s.span_days,
    windowFrom: s.window_from.slice(0, 5),
    windowTo: s.window_to.slice(0, 5),
    condition: s.condition,
    holdoutBp: s.holdout_bp,
  };
}

/** A stored journey back into the shape the server takes, with its steps replaced. */
export function journeyToInput(j: Journey, steps: StepInput[]): JourneyInput {
  return {
    name: j.name,
    campaignId: j.campaignId,
    tDate: j.tDate,
    settings: j.settings,
    steps,
  };
}
