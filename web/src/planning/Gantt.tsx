/**
 * A campaign's schedule as a Gantt timeline: one row per task (start → due), grouped by
 * category or role, phase bands (warm-up / peak / thank-you) behind, days off and make-up
 * workdays in the header, a line for today. Late tasks red, tasks done early green.
 */
import { Tag, Tooltip } from "antd";
import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { addDays } from "../format.ts";
import type { CampaignTask, HolidayDay, Phases, TaskCategory } from "./api.ts";
import { daysBetween, phaseColors, useTaskTitle, weekdayIndex } from "./shared.ts";

export type GroupBy = "category" | "role";

const rowH = 26;
const labelW = 300;

export function taskColor(t: CampaignTask): { bg: string; border: string } {
  if (t.late) return { bg: "#ff4d4f", border: "#cf1322" };
  if (t.status === "done")
    return t.early ? { bg: "#52c41a", border: "#389e0d" } : { bg: "#95de64", border: "#73d13d" };
  if (t.status === "skipped") return { bg: "#f0f0f0", border: "#d9d9d9" };
  if (t.status === "doing") return { bg: "#4096ff", border: "#1677ff" };
  return { bg: "#ffd591", border: "#fa8c16" };
}

export function Gantt({
  tasks,
  phases,
  holidays,
  today,
  groupBy,
  categoryOf,
  onTask,
}: {
  tasks: CampaignTask[];
  phases: Phases;
  holidays: Map<string, HolidayDay>;
  today: string;
  groupBy: GroupBy;
  categoryOf: (t: CampaignTask) => TaskCategory | undefined;
  onTask: (t: CampaignTask) => void;
}) {
  const { t } = useTranslation();
  const title = useTaskTitle();
  const scroller = useRef<HTMLDivElement>(null);
  const [avail, setAvail] = useState(900);
  // Days get as wide as the space allows (at least 14 px, at most 30), scrolling beyond.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setAvail(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const dates = tasks.flatMap((x) => [x.startDate ?? x.dueDate, x.dueDate]);
  const from = addDays([phases.warmupStart, ...dates].sort()[0] ?? phases.warmupStart, -2);
  const to = addDays([phases.thanksEnd, ...dates].sort().at(-1) ?? phases.thanksEnd, 2);
  const n = daysBetween(from, to) + 1;
  const dayW = Math.min(30, Math.max(14, Math.floor(avail / n)));
  const days = Array.from({ length: n }, (_, i) => addDays(from, i));
  const x = (d: string) => daysBetween(from, d) * dayW;

  const groups = new Map<string, CampaignTask[]>();
  const order =
    groupBy === "category"
      ? [
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
          "other",
        ]
      : ["owner", "operator", "cs", "analyst"];
  for (const k of order) groups.set(k, []);
  for (const task of tasks) {
    const k = groupBy === "category" ? (categoryOf(task) ?? "other") : task.role;
    groups.get(k)?.push(task);
  }
  for (const list of groups.values())
    list.sort(
      (a, b) =>
        (a.startDate ?? a.dueDate).localeCompare(b.startDate ?? b.dueDate) ||
        a.dueDate.localeCompare(b.dueDate),
    );
  const groupLabel = (k: string) =>
    groupBy === "role"
      ? t(`role.${k as "owner"}`)
      : k === "other"
        ? t("planning.detail.otherTasks")
        : t(`planning.detail.categories.${k as TaskCategory}`);

  const bands = [
    { key: "warmup", from: phases.warmupStart, to: phases.warmupEnd },
    { key: "peak", from: phases.peakDate, to: phases.peakEnd },
    { key: "thanks", from: phases.thanksStart, to: phases.thanksEnd },
  ] as const;
  const width = n * dayW;
  const todayIn = today >= from && today <= to;

  const flat: (
    | { kind: "group"; key: string; count: number }
    | { kind: "task"; task: CampaignTask }
  )[] = [];
  for (const [k, list] of groups) {
    if (!list.length) continue;
    flat.push({ kind: "group", key: k, count: list.length });
    for (const task of list) flat.push({ kind: "task", task });
  }

  return (
    <div
      data-testid="gantt"
      style={{
        display: "flex",
        border: "1px solid #f0f0f0",
        borderRadius: 6,
        background: "#fff",
        overflow: "hidden",
      }}
    >
      {/* Left: task names */}
      <div style={{ width: labelW, flex: "none", borderRight: "1px solid #f0f0f0" }}>
        <div
          style={{
            height: 44,
            borderBottom: "1px solid #f0f0f0",
            background: "#fafafa",
            padding: "12px 8px",
            fontWeight: 600,
          }}
        >
          {t("planning.detail.task")}
        </div>
        {flat.map((r) =>
          r.kind === "group" ? (
            <div
              key={`g-${r.key}`}
              style={{
                height: rowH,
                lineHeight: `${rowH}px`,
                padding: "0 8px",
                background: "#fafafa",
                fontWeight: 600,
                fontSize: 12,
                color: "#595959",
                borderBottom: "1px solid #f5f5f5",
              }}
            >
              {groupLabel(r.key)}{" "}
              <span style={{ color: "#bfbfbf", fontWeight: 400 }}>{r.count}</span>
            </div>
          ) : (
            <button
              type="button"
              key={`t-${r.task.id}`}
              data-testid={`task-${r.task.templateKey ?? r.task.id}`}
              onClick={() => onTask(r.task)}
              style={{
                display: "flex",
                alignItems: "center",
                gap: 4,
                width: "100%",
                height: rowH,
                padding: "0 8px",
                border: "none",
                borderBottom: "1px solid #f5f5f5",
                background: "transparent",
                cursor: "pointer",
                textAlign: "left",
                fontSize: 12,
              }}
            >
              <Tooltip title={title(r.task)} placement="topLeft" mouseEnterDelay={0.4}>
                <span
                  style={{
                    flex: 1,
                    minWidth: 0,
                    overflow: "hidden",
                    textOverflow: "ellipsis",
                    whiteSpace: "nowrap",
                    color:
                      r.task.status === "done" || r.task.status === "skipped"
                        ? "#8c8c8c"
                        : "#262626",
                    textDecoration: r.task.status === "skipped" ? "line-through" : undefined,
                  }}
                >
                  {title(r.task)}
                </span>
              </Tooltip>
              {r.task.late ? (
                <Tag
                  color="red"
                  style={{ margin: 0, fontSize: 11, lineHeight: "16px", padding: "0 4px" }}
                >
                  {t("planning.detail.lateTag")}
                </Tag>
              ) : r.task.status === "done" ? (
                <Tag
                  color={r.task.early ? "green" : "default"}
                  style={{ margin: 0, fontSize: 11, lineHeight: "16px", padding: "0 4px" }}
                >
                  {r.task.early ? t("planning.detail.earlyTag") : "✓"}
                </Tag>
              ) : null}
              <span
                style={{
                  color: "#8c8c8c",
                  fontVariantNumeric: "tabular-nums",
                  width: 38,
                  textAlign: "right",
                }}
              >
                {r.task.dueDate.slice(5)}
              </span>
            </button>
          ),
        )}
      </div>
      {/* Right: the timeline */}
      <div ref={scroller} style={{ flex: 1, overflowX: "auto" }}>
        <div style={{ width, position: "relative" }}>
          {/* header: months and days */}
          <div
            style={{
              height: 44,
              display: "flex",
              borderBottom: "1px solid #f0f0f0",
              background: "#fafafa",
              position: "relative",
            }}
          >
            {days.map((d) => {
              const h = holidays.get(d);
              const weekend = weekdayIndex(d) >= 5;
              const first = d.endsWith("-01") || d === from;
              return (
                <div
                  key={d}
                  style={{
                    width: dayW,
                    flex: "none",
                    position: "relative",
                    fontSize: 10,
                    textAlign: "center",
                  }}
                >
                  {first ? (
                    <span
                      style={{
                        position: "absolute",
                        left: 2,
                        top: 2,
                        fontSize: 11,
                        fontWeight: 600,
                        whiteSpace: "nowrap",
                        color: "#262626",
                      }}
                    >
                      {Number(d.slice(5, 7))}月
                    </span>
                  ) : null}
                  <Tooltip
                    title={
                      h ? `${h.isOffDay ? t("planning.off") : t("planning.work")} · ${h.name}` : ""
                    }
                  >
                    <div
                      data-testid={h ? (h.isOffDay ? "gantt-off" : "gantt-work") : undefined}
                      style={{
                        position: "absolute",
                        bottom: 3,
                        left: 1,
                        right: 1,
                        lineHeight: "18px",
                        borderRadius: 3,
                        color: h ? "#fff" : weekend ? "#cf1322" : "#595959",
                        background: h ? (h.isOffDay ? "#ff7875" : "#8c8c8c") : undefined,
                        fontWeight: d === today ? 700 : 400,
                      }}
                    >
                      {Number(d.slice(8))}
                    </div>
                  </Tooltip>
                </div>
              );
            })}
          </div>
          {/* body */}
          <div style={{ position: "relative", height: flat.length * rowH }}>
            {days.map((d) => {
              const h = holidays.get(d);
              const shade = h?.isOffDay
                ? "#fff1f0"
                : !h && weekdayIndex(d) >= 5
                  ? "#fafafa"
                  : undefined;
              return shade ? (
                <div
                  key={d}
                  style={{
                    position: "absolute",
                    top: 0,
                    bottom: 0,
                    left: x(d),
                    width: dayW,
                    background: shade,
                  }}
                />
              ) : null;
            })}
            {bands.map((b) => (
              <Fragment key={b.key}>
                <div
                  data-testid={`band-${b.key}`}
                  style={{
                    position: "absolute",
                    top: 0,
                    bottom: 0,
                    left: x(b.from),
                    width: (daysBetween(b.from, b.to) + 1) * dayW,
                    background: phaseColors[b.key].bg,
                    opacity: 0.85,
                    borderLeft: `1px dashed ${phaseColors[b.key].bar}`,
                    borderRight: `1px dashed ${phaseColors[b.key].bar}`,
                  }}
                />
                <div
                  style={{
                    position: "absolute",
                    top: b.key === "peak" ? 16 : 4,
                    left: x(b.from) + 3,
                    background: "rgba(255,255,255,0.85)",
                    padding: "0 2px",
                    borderRadius: 2,
                    fontSize: 11,
                    fontWeight: 600,
                    color: phaseColors[b.key].text,
                    whiteSpace: "nowrap",
                    zIndex: 1,
                  }}
                >
                  {t(`planning.phases.${b.key}`)}
                </div>
              </Fragment>
            ))}
            {flat.map((r, i) => {
              if (r.kind === "group") {
                return (
                  <div
                    key={`gb-${r.key}`}
                    style={{
                      position: "absolute",
                      left: 0,
                      right: 0,
                      top: i * rowH,
                      height: rowH,
                      borderBottom: "1px solid #f0f0f0",
                      background: "rgba(250,250,250,0.6)",
                    }}
                  />
                );
              }
              const task = r.task;
              const start = task.startDate ?? task.dueDate;
              const c = taskColor(task);
              const left = x(start);
              const w = (daysBetween(start, task.dueDate) + 1) * dayW;
              return (
                <Tooltip
                  key={`b-${task.id}`}
                  title={
                    <span>
                      {title(task)}
                      <br />
                      {task.startDate && task.startDate !== task.dueDate
                        ? `${task.startDate} → `
                        : ""}
                      {task.dueDate} · {t(`planning.detail.taskStatuses.${task.status}`)}
                      {task.assignee ? ` · ${task.assignee}` : ""}
                    </span>
                  }
                >
                  <button
                    type="button"
                    data-testid={`bar-${task.templateKey ?? task.id}`}
                    onClick={() => onTask(task)}
                    style={{
                      position: "absolute",
                      top: i * rowH + 5,
                      left: left + 2,
                      width: Math.max(w - 4, 14),
                      height: rowH - 10,
                      background: c.bg,
                      border: `1px solid ${c.border}`,
                      borderRadius: 4,
                      cursor: "pointer",
                      padding: 0,
                      zIndex: 2,
                      opacity: task.status === "skipped" ? 0.6 : 1,
                    }}
                  />
                </Tooltip>
              );
            })}
            {todayIn ? (
              <div
                data-testid="today-line"
                style={{
                  position: "absolute",
                  top: -44,
                  bottom: 0,
                  left: x(today) + dayW / 2,
                  width: 2,
                  background: "#e8590c",
                  zIndex: 3,
                }}
              >
                <span
                  style={{
                    position: "absolute",
                    top: 0,
                    left: 4,
                    fontSize: 10,
                    color: "#e8590c",
                    whiteSpace: "nowrap",
                  }}
                >
                  {t("planning.detail.todayLine")}
                </span>
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

export function GanttLegend() {
  const { t } = useTranslation();
  const items = [
    {
      key: "late",
      label: t("planning.detail.legendLate"),
      c: { bg: "#ff4d4f", border: "#cf1322" },
    },
    {
      key: "early",
      label: t("planning.detail.legendEarly"),
      c: { bg: "#52c41a", border: "#389e0d" },
    },
    {
      key: "done",
      label: t("planning.detail.legendDone"),
      c: { bg: "#95de64", border: "#73d13d" },
    },
    {
      key: "doing",
      label: t("planning.detail.legendDoing"),
      c: { bg: "#4096ff", border: "#1677ff" },
    },
    {
      key: "todo",
      label: t("planning.detail.legendTodo"),
      c: { bg: "#ffd591", border: "#fa8c16" },
    },
  ];
  return (
    <span
      style={{ display: "inline-flex", gap: 10, fontSize: 12, flexWrap: "wrap", marginRight: 8 }}
    >
      {items.map((i) => (
        <span key={i.key}>
          <span
            style={{
              display: "inline-block",
              width: 16,
              height: 10,
              borderRadius: 3,
              background: i.c.bg,
              border: `1px solid ${i.c.border}`,
              marginRight: 4,
              verticalAlign: "middle",
            }}
          />
          {i.label}
        </span>
      ))}
    </span>
  );
}
