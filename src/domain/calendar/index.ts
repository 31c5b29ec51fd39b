/**
 * Festival calendar and official holidays: promotion nodes for 1901–2100, the State Council's
 * holiday arrangements, working-day arithmetic, iCalendar export, campaign phases and
 * schedule templates. Pure functions; time and data are passed in.
 */
export * from "./campaign/phases.ts";
export * from "./campaign/schedule.ts";
export * from "./campaign/template.ts";
export * from "./date.ts";
export * from "./holidays/index.ts";
export * from "./ical.ts";
export * from "./lunar.ts";
export * from "./nodes.ts";
export * from "./working-days.ts";
