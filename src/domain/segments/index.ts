export * from "./definition.ts";
export * from "./playbook.ts";
export * from "./rfm.ts";
export * from "./settings.ts";
