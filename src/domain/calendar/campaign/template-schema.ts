/** Validation of a shop's edited schedule template (its own tasks and offsets). */
import { z } from "zod";
import type { TaskTemplate } from "./template.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

export const taskTemplateSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "key must be kebab-case"),
    title: z.string().trim().min(1).max(200),
    titleEn: z.string().trim().min(1).max(200),
    role: z.enum(["owner", "operator", "cs", "analyst"]),
    category: z.enum([
      "planning",
      "stock",
      "creative",
      "resources",
      "customerService",
      "messaging",
      "ads",
      "fulfillment",
      "afterSales",
      "review",
    ]),
    startOffset: z.number().int().min(-365).max(365).optional(),
    dueOffset: z.number().int().min(-365).max(365),
    window: z.object({ from: hhmm, to: hhmm }).optional(),
    adjust: z.enum(["previousWorkingDay", "nextWorkingDay", "none"]),
    source: z.string().max(200).default("shop"),
  })
  .refine((t) => t.startOffset === undefined || t.startOffset <= t.dueOffset, {
    message: "startOffset must not be after dueOffset",
    path: ["startOffset"],
  });

export const scheduleTemplateSchema = z
  .array(taskTemplateSchema)
  .max(300)
  .refine((ts) => new Set(ts.map((t) => t.key)).size === ts.length, {
    message: "duplicate task key",
  });

export function parseScheduleTemplate(raw: unknown): TaskTemplate[] {
  return scheduleTemplateSchema.parse(raw) as TaskTemplate[];
}
