/**
 * The promotion calendar: festival nodes, official days off (休) and make-up workdays (班),
 * the shop's campaigns as bars (warm-up → thank-you, peak highlighted); month and year views.
 * URL: `?year=2026&month=9&view=month`.
 */
import { LeftOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Segmented, Space, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { useApi } from "../components/useApi.ts";
import { todayIn } from "../format.ts";
import {
  type CalendarCampaign,
  type CalendarNode,
  type CalendarYear,
  nodeKinds,
  planningApi,
} from "../planning/api.ts";
import { CustomNodesCard, FeedCard, HolidaysButton } from "../planning/CalendarSide.tsx";
import { CreateCampaignDrawer, type CreateFrom } from "../planning/CreateCampaignDrawer.tsx";
import {
  daysInMonth,
  isoDay,
  kindColors,
  phaseColors,
  useNodeName,
  useWeekdays,
  weekdayIndex,
} from "../planning/shared.ts";
import { useSession, useShop } from "../session.tsx";

interface DayInfo {
  nodes: CalendarNode[];
  holiday: { name: string; isOffDay: boolean } | undefined;
}

function indexYear(data: CalendarYear) {
  const byDay = new Map<string, DayInfo>();
  const get = (d: string) => {
    let v = byDay.get(d);
    if (!v) {
      v = { nodes: [], holiday: undefined };
      byDay.set(d, v);
    }
    return v;
  };
  for (const n of data.nodes) get(n.date).nodes.push(n);
  for (const h of data.holidays.days) get(h.date).holiday = h;
  return byDay;
}

/** Lanes so that overlapping campaigns get their own row. */
function campaignLanes(campaigns: CalendarCampaign[]): Map<number, number> {
  const lanes: string[] = [];
  const out = new Map<number, number>();
  for (const c of [...campaigns].sort((a, b) => a.warmupStart.localeCompare(b.warmupStart))) {
    let lane = lanes.findIndex((end) => end < c.warmupStart);
    if (lane < 0) lane = lanes.length;
    lanes[lane] = c.thanksEnd;
    out.set(c.id, lane);
  }
  return out;
}

export function CalendarPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const { me } = useSession();
  const navigate = useNavigate();
  const today = todayIn(shop.timeZone);
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || Number(today.slice(0, 4));
  const month = Math.min(12, Math.max(1, Number(params.get("month")) || Number(today.slice(5, 7))));
  const view = params.get("view") === "year" ? "year" : "month";
  const [createFrom, setCreateFrom] = useState<CreateFrom | undefined>(undefined);

  const cal = useApi((signal) => planningApi.calendar(shop.code, year, signal), [shop.code, year]);

  const go = (next: { year?: number; month?: number; view?: string }) => {
    const p = new URLSearchParams(params);
    let y = next.year ?? year;
    let m = next.month ?? month;
    if (m < 1) {
      m = 12;
      y -= 1;
    } else if (m > 12) {
      m = 1;
      y += 1;
    }
    p.set("year", String(y));
    p.set("month", String(m));
    p.set("view", next.view ?? view);
    setParams(p, { replace: true });
  };

  const data = cal.data?.year === year ? cal.data : undefined;
  const isOwner = me?.user.role === "owner";
  const status = data?.holidays.status;

  return (
    <div>
      <PageHeader
        title={t("planning.calendar.title")}
        extra={
          <Space wrap>
            {status === "announced" && isOwner ? (
              <HolidaysButton year={year} isOwner={isOwner} onSaved={cal.reload} />
            ) : null}
            {status === "announced" ? (
              <Tag color="green" data-testid="holidays-status">
                {t("planning.calendar.announced", { year })}
              </Tag>
            ) : status ? (
              <Tag color="orange" data-testid="holidays-status" style={{ fontWeight: 600 }}>
                {year} {t("planning.calendar.notAnnounced")}
              </Tag>
            ) : null}
            <Button.Group>
              <Button
                icon={<LeftOutlined />}
                onClick={() =>
                  view === "year" ? go({ year: year - 1 }) : go({ month: month - 1 })
                }
              />
              <Button
                style={{ minWidth: 120, fontVariantNumeric: "tabular-nums" }}
                data-testid="calendar-period"
              >
                {view === "year"
                  ? String(year)
                  : t("planning.calendar.monthLabel", { year, month })}
              </Button>
              <Button
                icon={<RightOutlined />}
                onClick={() =>
                  view === "year" ? go({ year: year + 1 }) : go({ month: month + 1 })
                }
              />
            </Button.Group>
            <Button
              onClick={() =>
                go({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) })
              }
            >
              {t("planning.calendar.today")}
            </Button>
            <Segmented
              value={view}
              onChange={(v) => go({ view: String(v) })}
              options={[
                { value: "month", label: t("planning.calendar.month") },
                { value: "year", label: t("planning.calendar.year") },
              ]}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateFrom({})}>
              {t("planning.campaigns.create")}
            </Button>
          </Space>
        }
      />
      <ErrorAlert error={cal.error} onRetry={cal.reload} />
      {status === "not_announced" ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="not-announced"
          title={
            <span>
              <Tag color="orange">{t("planning.calendar.notAnnounced")}</Tag>
              {t("planning.calendar.notAnnouncedHint", { year })}
            </span>
          }
          action={<HolidaysButton year={year} isOwner={isOwner} onSaved={cal.reload} primary />}
        />
      ) : null}
      {!data ? (
        cal.loading ? (
          <PageSpinner />
        ) : null
      ) : (
        <div style={{ display: "flex", gap: 12, alignItems: "flex-start" }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Legend />
            {view === "month" ? (
              <MonthGrid
                data={data}
                month={month}
                today={today}
                onCreate={(n) => setCreateFrom({ nodeKey: n.key, date: n.date })}
              />
            ) : (
              <YearGrid
                data={data}
                today={today}
                onMonth={(m) => go({ month: m, view: "month" })}
              />
            )}
          </div>
          <div
            style={{ width: 330, flex: "none", display: "flex", flexDirection: "column", gap: 12 }}
          >
            <NodeList
              data={data}
              month={view === "month" ? month : undefined}
              onCreate={(n) => setCreateFrom({ nodeKey: n.key, date: n.date })}
            />
            <CustomNodesCard year={year} onSaved={cal.reload} />
            <FeedCard />
          </div>
        </div>
      )}
      <CreateCampaignDrawer
        open={createFrom !== undefined}
        from={createFrom}
        onClose={() => setCreateFrom(undefined)}
        onCreated={(id) => navigate(`/shops/${shop.code}/campaigns/${id}`)}
      />
    </div>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Space size={[12, 4]} wrap style={{ marginBottom: 8, fontSize: 12 }}>
      {nodeKinds.map((k) => (
        <span key={k}>
          <span
            style={{
              display: "inline-block",
              width: 10,
              height: 10,
              borderRadius: 2,
              background: kindColors[k],
              marginRight: 4,
            }}
          />
          {t(`planning.kinds.${k}`)}
        </span>
      ))}
      <span>
        <DayBadge off /> {t("planning.calendar.offDay")}
      </span>
      <span>
        <DayBadge off={false} /> {t("planning.calendar.makeUpDay")}
      </span>
      {(["warmup", "peak", "thanks"] as const).map((p) => (
        <span key={p}>
          <span
            style={{
              display: "inline-block",
              width: 18,
              height: 6,
              borderRadius: 3,
              background: phaseColors[p].bar,
              marginRight: 4,
              verticalAlign: "middle",
            }}
          />
          {t(`planning.phases.${p}`)}
        </span>
      ))}
    </Space>
  );
}

function DayBadge({ off }: { off: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      style={{
        display: "inline-block",
        fontSize: 11,
        lineHeight: "16px",
        padding: "0 3px",
        borderRadius: 3,
        color: "#fff",
        background: off ? "#f5222d" : "#595959",
      }}
    >
      {off ? t("planning.off") : t("planning.work")}
    </span>
  );
}

function MonthGrid({
  data,
  month,
  today,
  onCreate,
}: {
  data: CalendarYear;
  month: number;
  today: string;
  onCreate: (n: CalendarNode) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const weekdays = useWeekdays();
  const nodeName = useNodeName();
  const byDay = indexYear(data);
  const lanes = campaignLanes(data.campaigns);
  const laneCount = Math.max(0, ...[...lanes.values()].map((l) => l + 1));
  const year = data.year;
  const first = isoDay(year, month, 1);
  const lead = weekdayIndex(first);
  const count = daysInMonth(year, month);
  const cells: (string | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: count }, (_, i) => isoDay(year, month, i + 1)),
  ];
  while (cells.length % 7) cells.push(null);
  const padKeys = cells.map((_, i) => `pad${i}`);
  const laneKeys = Array.from({ length: laneCount }, (_, l) => l);

  return (
    <div
      data-testid="month-grid"
      style={{
        display: "grid",
        gridTemplateColumns: "repeat(7, minmax(0, 1fr))",
        border: "1px solid #f0f0f0",
        borderRadius: 6,
        background: "#fff",
        overflow: "hidden",
      }}
    >
      {weekdays.map((w, i) => (
        <div
          key={w}
          style={{
            padding: "6px 8px",
            fontSize: 12,
            color: i >= 5 ? "#cf1322" : "#595959",
            background: "#fafafa",
            borderBottom: "1px solid #f0f0f0",
          }}
        >
          {w}
        </div>
      ))}
      {cells.map((day, i) => {
        if (!day) {
          return (
            <div
              key={padKeys[i]}
              style={{ background: "#fcfcfc", borderTop: "1px solid #f0f0f0" }}
            />
          );
        }
        const info = byDay.get(day);
        const h = info?.holiday;
        const weekend = weekdayIndex(day) >= 5;
        const isToday = day === today;
        return (
          <div
            key={day}
            data-testid={`day-${day}`}
            style={{
              minHeight: 104,
              padding: "4px 0 4px",
              borderTop: "1px solid #f0f0f0",
              borderLeft: i % 7 ? "1px solid #f0f0f0" : undefined,
              background: h?.isOffDay ? "#fff1f0" : h ? "#f5f5f5" : "#fff",
              display: "flex",
              flexDirection: "column",
              gap: 2,
            }}
          >
            <div style={{ display: "flex", alignItems: "center", gap: 4, padding: "0 6px" }}>
              <span
                style={{
                  fontWeight: isToday ? 700 : 500,
                  fontVariantNumeric: "tabular-nums",
                  color: isToday ? "#fff" : h?.isOffDay || (weekend && !h) ? "#cf1322" : "#262626",
                  background: isToday ? "#e8590c" : undefined,
                  borderRadius: 10,
                  padding: isToday ? "0 6px" : 0,
                }}
              >
                {Number(day.slice(8))}
              </span>
              {h ? (
                <Tooltip title={h.name}>
                  <span data-testid={h.isOffDay ? "off-day" : "make-up-day"}>
                    <DayBadge off={h.isOffDay} />
                    <span style={{ fontSize: 11, color: "#8c8c8c", marginLeft: 3 }}>{h.name}</span>
                  </span>
                </Tooltip>
              ) : null}
            </div>
            {info?.nodes.map((n) => (
              <Tooltip
                key={n.key}
                title={
                  <span>
                    {t(`planning.kinds.${n.kind}`)} · {n.date}
                  </span>
                }
              >
                <button
                  type="button"
                  data-testid={`node-${n.key}`}
                  onClick={() => onCreate(n)}
                  style={{
                    margin: "0 4px",
                    padding: "0 4px",
                    border: "none",
                    borderLeft: `3px solid ${kindColors[n.kind]}`,
                    background: `${kindColors[n.kind]}14`,
                    color: kindColors[n.kind],
                    fontSize: 12,
                    textAlign: "left",
                    borderRadius: 2,
                    cursor: "pointer",
                    whiteSpace: "nowrap",
                    overflow: "hidden",
                    textOverflow: "ellipsis",
                  }}
                >
                  {nodeName(n)}
                </button>
              </Tooltip>
            ))}
            <div style={{ flex: 1 }} />
            {laneKeys.map((lane) => {
              const c = data.campaigns.find(
                (x) => lanes.get(x.id) === lane && x.warmupStart <= day && day <= x.thanksEnd,
              );
              if (!c) return <div key={lane} style={{ height: 16 }} />;
              const phase = day < c.peakDate ? "warmup" : day === c.peakDate ? "peak" : "thanks";
              const starts = day === c.warmupStart || i % 7 === 0 || day.endsWith("-01");
              const ends = day === c.thanksEnd;
              return (
                <Link
                  key={lane}
                  to={`/shops/${shop.code}/campaigns/${c.id}`}
                  title={`${c.name} · ${c.warmupStart} → ${c.thanksEnd}`}
                  data-testid={`campaign-bar-${c.id}`}
                  style={{
                    height: 16,
                    lineHeight: "16px",
                    fontSize: 11,
                    color: phase === "peak" ? "#fff" : phaseColors[phase].text,
                    background: phaseColors[phase].bar,
                    marginLeft: day === c.warmupStart ? 4 : 0,
                    marginRight: ends ? 4 : 0,
                    borderTopLeftRadius: day === c.warmupStart ? 8 : 0,
                    borderBottomLeftRadius: day === c.warmupStart ? 8 : 0,
                    borderTopRightRadius: ends ? 8 : 0,
                    borderBottomRightRadius: ends ? 8 : 0,
                    paddingLeft: 6,
                    whiteSpace: "nowrap",
                    overflow: "hidden",
                    fontWeight: phase === "peak" ? 600 : 400,
                  }}
                >
                  {starts || phase === "peak" ? c.name : "\u00a0"}
                </Link>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}

function YearGrid({
  data,
  today,
  onMonth,
}: {
  data: CalendarYear;
  today: string;
  onMonth: (m: number) => void;
}) {
  const { t } = useTranslation();
  const weekdays = useWeekdays();
  const nodeName = useNodeName();
  const byDay = indexYear(data);
  return (
    <div
      data-testid="year-grid"
      style={{ display: "grid", gridTemplateColumns: "repeat(4, minmax(0, 1fr))", gap: 8 }}
    >
      {Array.from({ length: 12 }, (_, mi) => {
        const m = mi + 1;
        const lead = weekdayIndex(isoDay(data.year, m, 1));
        const count = daysInMonth(data.year, m);
        return (
          <Card
            key={m}
            size="small"
            title={
              <Typography.Link onClick={() => onMonth(m)}>
                {t("planning.calendar.monthLabel", { year: data.year, month: m })}
              </Typography.Link>
            }
            styles={{ body: { padding: 6 } }}
          >
            <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 1 }}>
              {weekdays.map((w) => (
                <div key={w} style={{ fontSize: 10, color: "#8c8c8c", textAlign: "center" }}>
                  {w.slice(0, 1)}
                </div>
              ))}
              {Array.from({ length: lead }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: padding cells have no identity
                <div key={`p${i}`} />
              ))}
              {Array.from({ length: count }, (_, di) => {
                const day = isoDay(data.year, m, di + 1);
                const info = byDay.get(day);
                const h = info?.holiday;
                const node = info?.nodes[0];
                const camp = data.campaigns.find((c) => c.warmupStart <= day && day <= c.thanksEnd);
                const peak = camp?.peakDate === day;
                const tip = [
                  day,
                  h ? `${h.isOffDay ? t("planning.off") : t("planning.work")} ${h.name}` : "",
                  ...(info?.nodes.map((n) => nodeName(n)) ?? []),
                  camp ? camp.name : "",
                ]
                  .filter(Boolean)
                  .join(" · ");
                return (
                  <Tooltip key={day} title={tip} mouseEnterDelay={0.2}>
                    <div
                      style={{
                        position: "relative",
                        fontSize: 11,
                        textAlign: "center",
                        lineHeight: "20px",
                        borderRadius: 3,
                        fontVariantNumeric: "tabular-nums",
                        background: h?.isOffDay ? "#ffccc7" : h ? "#d9d9d9" : undefined,
                        color: node ? "#fff" : day === today ? "#e8590c" : "#262626",
                        fontWeight: node || day === today ? 700 : 400,
                        outline: day === today ? "1px solid #e8590c" : undefined,
                        boxShadow: node ? `inset 0 0 0 20px ${kindColors[node.kind]}` : undefined,
                        borderBottom: camp
                          ? `3px solid ${peak ? phaseColors.peak.bar : phaseColors.warmup.bar}`
                          : "3px solid transparent",
                      }}
                    >
                      {di + 1}
                      {h && !h.isOffDay ? (
                        <span
                          style={{
                            position: "absolute",
                            top: -4,
                            right: 0,
                            fontSize: 8,
                            color: "#595959",
                          }}
                        >
                          {t("planning.work")}
                        </span>
                      ) : null}
                    </div>
                  </Tooltip>
                );
              })}
            </div>
          </Card>
        );
      })}
    </div>
  );
}

function NodeList({
  data,
  month,
  onCreate,
}: {
  data: CalendarYear;
  month: number | undefined;
  onCreate: (n: CalendarNode) => void;
}) {
  const { t } = useTranslation();
  const nodeName = useNodeName();
  const weekdays = useWeekdays();
  const nodes = data.nodes
    .filter((n) => month === undefined || Number(n.date.slice(5, 7)) === month)
    .sort((a, b) => a.date.localeCompare(b.date));
  return (
    <Card
      size="small"
      title={month ? t("planning.calendar.nodesOfMonth") : t("planning.calendar.nodesOfYear")}
      styles={{ body: { padding: 0, maxHeight: month ? undefined : 520, overflow: "auto" } }}
    >
      {nodes.length === 0 ? (
        <Typography.Text type="secondary" style={{ display: "block", padding: 12 }}>
          {t("planning.calendar.noNodes")}
        </Typography.Text>
      ) : (
        nodes.map((n) => (
          <div
            key={`${n.key}-${n.date}`}
            data-testid={`node-row-${n.key}`}
            style={{
              display: "flex",
              alignItems: "center",
              gap: 8,
              padding: "5px 12px",
              borderBottom: "1px solid #f5f5f5",
            }}
          >
            <span
              style={{
                width: 8,
                height: 8,
                borderRadius: 4,
                background: kindColors[n.kind],
                flex: "none",
              }}
            />
            <span style={{ fontVariantNumeric: "tabular-nums", color: "#595959", width: 70 }}>
              {n.date.slice(5)} {weekdays[weekdayIndex(n.date)]}
            </span>
            <span
              style={{
                flex: 1,
                minWidth: 0,
                overflow: "hidden",
                textOverflow: "ellipsis",
                whiteSpace: "nowrap",
              }}
            >
              {nodeName(n)}
            </span>
            <Tooltip title={t("planning.calendar.createFrom")}>
              <Button
                size="small"
                type="link"
                icon={<PlusOutlined />}
                data-testid={`create-from-${n.key}`}
                onClick={() => onCreate(n)}
              >
                {t("planning.calendar.campaign")}
              </Button>
            </Tooltip>
          </div>
        ))
      )}
    </Card>
  );
}
