/** The typed client of the calendar and campaign endpoints. */
import { request } from "../api.ts";

export type NodeKind = "fixed" | "lunar" | "solarTerm" | "nthWeekday" | "platform" | "custom";
export const nodeKinds: readonly NodeKind[] = [
  "fixed",
  "lunar",
  "solarTerm",
  "nthWeekday",
  "platform",
  "custom",
];

export interface CalendarNode {
  key: string;
  name: string;
  nameEn: string;
  date: string;
  kind: NodeKind;
}

export interface HolidayDay {
  date: string;
  name: string;
  isOffDay: boolean;
}

export interface Holidays {
  year: number;
  status: "announced" | "not_announced";
  days: HolidayDay[];
}

export interface CalendarCampaign {
  id: number;
  name: string;
  peakDate: string;
  warmupStart: string;
  thanksEnd: string;
}

export interface CalendarYear {
  year: number;
  nodes: CalendarNode[];
  holidays: Holidays;
  campaigns: CalendarCampaign[];
}

export interface CustomNode {
  key: string;
  name: string;
  nameEn: string;
  recurrence: { type: "yearly"; month: number; day: number } | { type: "once"; date: string };
}

export interface HolidayArrangement {
  name: string;
  nameEn: string;
  offFrom: string;
  offTo: string;
  makeUpWorkdays: string[];
}

export interface HolidayYearInput {
  year: number;
  source: { title: string; origin: "owner" | "import" };
  arrangements: HolidayArrangement[];
}

import type { BudgetKind, SalesChannel } from "../../../src/domain/campaigns/kinds.ts";

export {
  type BudgetKind,
  budgetKinds,
  type SalesChannel,
  salesChannels,
} from "../../../src/domain/campaigns/kinds.ts";

export interface Plan {
  channelTargets: { channel: SalesChannel; gmvFen: number; orders: number }[];
  skuTargets: { skuCode: string; gmvFen: number; units: number }[];
  budget: { kind: BudgetKind; label: string; amountFen: number }[];
  expectedDiscountBp: number;
  costRateBp: number;
  feeRateBp: number;
}

export const emptyPlan: Plan = {
  channelTargets: [],
  skuTargets: [],
  budget: [],
  expectedDiscountBp: 0,
  costRateBp: 5000,
  feeRateBp: 0,
};

export interface Forecast {
  expectedGmvFen: number;
  budgetFen: number;
  budgetByKind: Record<BudgetKind, number>;
  roi: { num: number; den: number; x100: number } | null;
  cogsFen: number;
  feesFen: number;
  marginFen: number;
  marginRateBp: number;
}

export interface Phases {
  warmupStart: string;
  warmupEnd: string;
  peakDate: string;
  peakEnd: string;
  thanksStart: string;
  thanksEnd: string;
}

export type CampaignStatus = "draft" | "active" | "archived";

export interface Campaign {
  id: number;
  name: string;
  nodeKey: string | null;
  status: CampaignStatus;
  phases: Phases;
  theme: string;
  benefitPoints: string[];
  mechanics: string[];
  plan: Plan;
  forecast: Forecast;
  hourlyPlanFen: number[];
  mechanicsWarning: { zh: string; en: string } | null;
}

export interface CampaignListItem extends Campaign {
  tasks: { total: number; done: number; late: number };
}

export type Role = "owner" | "operator" | "cs" | "analyst";
export type TaskStatus = "todo" | "doing" | "done" | "skipped";
export const taskStatuses: readonly TaskStatus[] = ["todo", "doing", "done", "skipped"];

export interface CampaignTask {
  id: number;
  templateKey: string | null;
  titleZh: string;
  titleEn: string;
  role: Role;
  offsetDays: number | null;
  startDate: string | null;
  dueDate: string;
  status: TaskStatus;
  doneAt: string | null;
  assignee: string | null;
  notes: string;
  late: boolean;
  early: boolean;
}

export type TaskCategory =
  | "planning"
  | "stock"
  | "creative"
  | "resources"
  | "customerService"
  | "messaging"
  | "ads"
  | "fulfillment"
  | "afterSales"
  | "review";
export const taskCategories: readonly TaskCategory[] = [
  "planning",
  "resources",
  "stock",
  "creative",
  "ads",
  "customerService",
  "messaging",
  "fulfillment",
  "afterSales",
  "review",
];
export type DateAdjustment = "previousWorkingDay" | "nextWorkingDay" | "none";

export interface TemplateTask {
  key: string;
  title: string;
  titleEn: string;
  role: Role;
  category: TaskCategory;
  startOffset?: number;
  dueOffset: number;
  window?: { from: string; to: string };
  adjust: DateAdjustment;
  source?: string;
}

export interface CampaignInput {
  name: string;
  nodeKey?: string | null;
  peakDate: string;
  phases: { warmupDays: number; peakDays: number; thanksDays: number };
  theme: string;
  benefitPoints: string[];
  mechanics: string[];
  plan: Plan;
}

export type CampaignPatch = Partial<
  Pick<Campaign, "name" | "theme" | "benefitPoints" | "mechanics" | "plan" | "status" | "phases">
>;

export interface TaskPatch {
  status?: TaskStatus;
  dueDate?: string;
  startDate?: string | null;
  assignee?: string | null;
  notes?: string;
}

export interface NewTask {
  titleZh: string;
  titleEn?: string;
  role: Role;
  dueDate: string;
  startDate?: string | null;
  assignee?: string | null;
}

const shopPath = (shop: string) => `/api/shops/${encodeURIComponent(shop)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const planningApi = {
  calendar: (shop: string, year: number, signal?: AbortSignal) =>
    request<CalendarYear>("GET", `${shopPath(shop)}/calendar`, {
      query: { year },
      ...withSignal(signal),
    }),
  saveCustomNodes: (shop: string, nodes: CustomNode[]) =>
    request<{ nodes: CustomNode[] }>("PUT", `${shopPath(shop)}/calendar/custom-nodes`, {
      json: nodes,
    }),
  saveHolidays: (year: number, body: HolidayYearInput) =>
    request<Holidays>("PUT", `/api/holidays/${year}`, { json: body }),
  feed: (shop: string, signal?: AbortSignal) =>
    request<{ path: string }>("GET", `${shopPath(shop)}/calendar/feed`, withSignal(signal)),
  campaigns: (shop: string, signal?: AbortSignal) =>
    request<{ campaigns: CampaignListItem[] }>(
      "GET",
      `${shopPath(shop)}/campaigns`,
      withSignal(signal),
    ),
  createCampaign: (shop: string, body: CampaignInput) =>
    request<{ campaign: Campaign; tasks: CampaignTask[] }>("POST", `${shopPath(shop)}/campaigns`, {
      json: body,
    }),
  campaign: (shop: string, id: number, signal?: AbortSignal) =>
    request<{ campaign: Campaign; tasks: CampaignTask[] }>(
      "GET",
      `${shopPath(shop)}/campaigns/${id}`,
      withSignal(signal),
    ),
  patchCampaign: (shop: string, id: number, patch: CampaignPatch) =>
    request<{ campaign: Campaign }>("PATCH", `${shopPath(shop)}/campaigns/${id}`, {
      json: patch,
    }),
  addTask: (shop: string, id: number, task: NewTask) =>
    request<{ task: CampaignTask }>("POST", `${shopPath(shop)}/campaigns/${id}/tasks`, {
      json: task,
    }),
  patchTask: (shop: string, id: number, taskId: number, patch: TaskPatch) =>
    request<{ task: CampaignTask }>("PATCH", `${shopPath(shop)}/campaigns/${id}/tasks/${taskId}`, {
      json: patch,
    }),
  forecast: (shop: string, plan: Plan, signal?: AbortSignal) =>
    request<{ forecast: Forecast }>("POST", `${shopPath(shop)}/campaigns/forecast`, {
      json: plan,
      ...withSignal(signal),
    }),
  template: (shop: string, signal?: AbortSignal) =>
    request<{ tasks: TemplateTask[] }>(
      "GET",
      `${shopPath(shop)}/schedule-template`,
      withSignal(signal),
    ),
  saveTemplate: (shop: string, tasks: TemplateTask[]) =>
    request<{ tasks: TemplateTask[] }>("PUT", `${shopPath(shop)}/schedule-template`, {
      json: tasks,
    }),
  heroSkus: (shop: string, signal?: AbortSignal) =>
    request<{ items: { code: string; title: string }[] }>("GET", `${shopPath(shop)}/skus`, {
      query: { hero: "true", page: 1, pageSize: 100 },
      ...withSignal(signal),
    }),
};
