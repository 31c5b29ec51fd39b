/**
 * The drawer that adds or edits one journey step: audience, channel, timing and the template,
 * with a live check of the text (each SMS rule broken, characters and billed segments) and of
 * the send window (provider's Beijing hours, the shop's quiet hours) as planning will see it.
 */
import { CheckCircleFilled, CloseCircleFilled, WarningFilled } from "@ant-design/icons";
import {
  Alert,
  Button,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { formatDateTime } from "../format.ts";
import {
  type Audience,
  type Channel,
  channels,
  type Journey,
  outreachApi,
  type PlaybookAudience,
  playbookAudiences,
  type SmsType,
  type StepInput,
  type TextCheck,
} from "../outreachApi.ts";
import type { SavedSegment } from "../segmentsApi.ts";
import { hasPhoneSameDay, pick } from "./shared.tsx";

interface FormValues {
  name: string;
  channel: Channel;
  smsType: SmsType;
  audienceKind: "segment" | "playbook";
  segmentId?: number;
  playbook: PlaybookAudience;
  offsetDays: number;
  spanDays: number;
  windowFrom: string;
  windowTo: string;
  subject?: string;
  template: string;
  holdoutPct: number;
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

function toValues(step: StepInput | undefined, signature: string): FormValues {
  if (!step) {
    return {
      name: "",
      channel: "sms",
      smsType: "marketing",
      audienceKind: "segment",
      playbook: "all",
      offsetDays: -10,
      spanDays: 0,
      windowFrom: "18:00",
      windowTo: "19:30",
      template: `【${signature}】{name}，`,
      holdoutPct: 0,
    };
  }
  const a = step.audience;
  return {
    name: step.name,
    channel: step.channel,
    smsType: step.smsType ?? "marketing",
    audienceKind: a.kind === "segment" ? "segment" : "playbook",
    ...(a.kind === "segment" && "segmentId" in a ? { segmentId: Number(a.segmentId) } : {}),
    playbook: a.kind === "playbook" && "playbook" in a ? (a.playbook as PlaybookAudience) : "all",
    offsetDays: step.offsetDays,
    spanDays: step.spanDays ?? 0,
    windowFrom: step.windowFrom,
    windowTo: step.windowTo,
    ...(step.subject ? { subject: step.subject } : {}),
    template: step.template,
    holdoutPct: (step.holdoutBp ?? 0) / 100,
  };
}

function toStep(v: FormValues, original: StepInput | undefined): StepInput {
  const audience: Audience =
    v.audienceKind === "segment"
      ? { kind: "segment", segmentId: Number(v.segmentId) }
      : { kind: "playbook", playbook: v.playbook };
  return {
    name: v.name.trim(),
    channel: v.channel,
    smsType: v.smsType,
    audience,
    template: v.template,
    subject: v.channel === "email" ? (v.subject ?? "") : null,
    offsetDays: v.offsetDays,
    spanDays: v.spanDays,
    windowFrom: v.windowFrom,
    windowTo: v.windowTo,
    condition: original?.condition ?? null,
    holdoutBp: Math.round((v.holdoutPct ?? 0) * 100),
  };
}

export function StepEditor({
  open,
  shop,
  timeZone,
  journey,
  step,
  signature,
  segments,
  onSave,
  onClose,
}: {
  open: boolean;
  shop: string;
  timeZone: string;
  journey: Journey;
  /** The step edited, or undefined for a new one. */
  step: StepInput | undefined;
  /** Signature put into a new SMS template. */
  signature: string;
  segments: readonly SavedSegment[];
  onSave: (step: StepInput) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [check, setCheck] = useState<TextCheck | undefined>(undefined);
  const [checkError, setCheckError] = useState<unknown>(undefined);
  const [checking, setChecking] = useState(false);
  const values = Form.useWatch([], form) as FormValues | undefined;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toValues(step, signature));
      setCheck(undefined);
    }
  }, [open, step, signature, form]);

  // The live check: debounced, the stale request aborted.
  const ctrlRef = useRef<AbortController | null>(null);
  const provider = journey.settings.provider ?? "default";
  useEffect(() => {
    if (!open || !values?.template || !values.channel) return;
    // What is on screen no longer matches the text: mark it stale until the answer arrives.
    setChecking(true);
    const timer = setTimeout(() => {
      ctrlRef.current?.abort();
      const ctrl = new AbortController();
      ctrlRef.current = ctrl;
      const windowOk = clock.test(values.windowFrom ?? "") && clock.test(values.windowTo ?? "");
      outreachApi
        .check(
          shop,
          {
            channel: values.channel,
            smsType: values.smsType ?? "marketing",
            template: values.template,
            ...(values.audienceKind === "playbook"
              ? { audience: { kind: "playbook", playbook: values.playbook ?? "all" } }
              : {}),
            tDate: journey.tDate,
            offsetDays: Number(values.offsetDays ?? 0),
            ...(windowOk ? { windowFrom: values.windowFrom, windowTo: values.windowTo } : {}),
            provider,
            ...(journey.settings.quietHours ? { quietHours: journey.settings.quietHours } : {}),
            withPhoneCalls:
              values.channel === "sms" &&
              hasPhoneSameDay(journey.steps, Number(values.offsetDays ?? 0)),
          },
          ctrl.signal,
        )
        .then((r) => {
          if (ctrl.signal.aborted) return;
          setCheck(r);
          setCheckError(undefined);
        })
        .catch((err: unknown) => {
          if (ctrl.signal.aborted) return;
          setCheckError(err);
        })
        .finally(() => {
          if (!ctrl.signal.aborted) setChecking(false);
        });
    }, 250);
    return () => clearTimeout(timer);
  }, [open, shop, journey, provider, values]);

  const submit = async () => {
    let v: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is wrong on each field
    }
    setSaving(true);
    try {
      await onSave(toStep(v, step));
    } finally {
      setSaving(false);
    }
  };

  const channel = values?.channel ?? "sms";
  const fresh = check !== undefined && check.sample.length > 0 && !checking;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      title={step ? t("outreach.editor.editTitle") : t("outreach.editor.newTitle")}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t("outreach.editor.cancel")}</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="step-save">
            {t("outreach.editor.save")}
          </Button>
        </Space>
      }
    >
      <div data-testid="step-editor">
        <Form form={form} layout="vertical" requiredMark={false}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="name"
                label={t("outreach.steps.name")}
                rules={[
                  { required: true, whitespace: true, message: t("outreach.editor.required") },
                ]}
              >
                <Input data-testid="step-name" maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="channel" label={t("outreach.steps.channel")}>
                <Radio.Group
                  optionType="button"
                  options={channels.map((c) => ({ value: c, label: t(`outreach.channel.${c}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="audienceKind" label={t("outreach.steps.audience")}>
                <Radio.Group
                  options={(["segment", "playbook"] as const).map((k) => ({
                    value: k,
                    label: t(`outreach.steps.audienceKind.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={16}>
              {values?.audienceKind === "playbook" ? (
                <Form.Item name="playbook" label=" ">
                  <Select
                    options={playbookAudiences.map((p) => ({
                      value: p,
                      label: t(`outreach.playbookAudience.${p}`),
                    }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item
                  name="segmentId"
                  label=" "
                  rules={[{ required: true, message: t("outreach.steps.pickSegment") }]}
                >
                  <Select
                    data-testid="step-segment"
                    placeholder={t("outreach.steps.pickSegment")}
                    options={segments.map((s) => ({
                      value: s.id,
                      label: `${s.name}${s.size != null ? `（${s.size}）` : ""}`,
                    }))}
                  />
                </Form.Item>
              )}
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={5}>
              <Form.Item name="offsetDays" label={t("outreach.steps.offset")}>
                <InputNumber
                  min={-60}
                  max={120}
                  style={{ width: "100%" }}
                  data-testid="step-offset"
                />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="spanDays" label={t("outreach.steps.span")}>
                <InputNumber min={0} max={30} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item
                name="windowFrom"
                label={t("outreach.steps.windowFrom")}
                rules={[{ pattern: clock, required: true, message: "HH:mm" }]}
              >
                <Input data-testid="step-window-from" placeholder="HH:mm" />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item
                name="windowTo"
                label={t("outreach.steps.windowTo")}
                rules={[{ pattern: clock, required: true, message: "HH:mm" }]}
              >
                <Input data-testid="step-window-to" placeholder="HH:mm" />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="holdoutPct" label={t("outreach.steps.holdout")}>
                <InputNumber
                  min={0}
                  max={50}
                  style={{ width: "100%" }}
                  data-testid="step-holdout"
                />
              </Form.Item>
            </Col>
          </Row>
          {channel === "sms" ? (
            <Form.Item name="smsType" label={t("outreach.steps.smsType")}>
              <Radio.Group
                optionType="button"
                options={(["marketing", "notification"] as const).map((s) => ({
                  value: s,
                  label: t(`outreach.smsTypes.${s}`),
                }))}
              />
            </Form.Item>
          ) : null}
          {channel === "email" ? (
            <Form.Item name="subject" label={t("outreach.steps.subject")}>
              <Input maxLength={200} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="template"
            label={t("outreach.steps.template")}
            extra={t("outreach.steps.variables")}
            rules={[{ required: true, message: t("outreach.editor.required") }]}
          >
            <Input.TextArea data-testid="step-template" autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </Form>
        <CheckResult
          check={check}
          error={checkError}
          checking={checking}
          fresh={fresh}
          channel={channel}
          timeZone={timeZone}
          hasTDate={journey.tDate !== null}
        />
        {channel === "sms" ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
            {t("outreach.editor.rulesTitle")}：{t("outreach.editor.rulesHint")}
          </Typography.Paragraph>
        ) : null}
      </div>
    </Drawer>
  );
}

function CheckResult({
  check,
  error,
  checking,
  fresh,
  channel,
  timeZone,
  hasTDate,
}: {
  check: TextCheck | undefined;
  error: unknown;
  checking: boolean;
  fresh: boolean;
  channel: Channel;
  timeZone: string;
  hasTDate: boolean;
}) {
  const { t } = useTranslation();
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!check) return checking ? <Spin size="small" /> : null;
  const errors = check.problems.filter((p) => p.severity === "error");
  const state = !fresh ? "loading" : check.lintOk ? "ok" : "failed";
  return (
    <div data-testid="lint-result" data-state={state}>
      {channel === "sms" ? (
        <>
          <Space align="center" style={{ marginBottom: 8 }} wrap>
            {check.lintOk ? (
              <Typography.Text type="success" strong data-testid="lint-summary">
                <CheckCircleFilled /> {t("outreach.editor.passed")}
              </Typography.Text>
            ) : (
              <Typography.Text type="danger" strong data-testid="lint-summary">
                <CloseCircleFilled /> {t("outreach.editor.failed")}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" data-testid="lint-length">
              {t("outreach.editor.chars", { chars: check.chars, segments: check.segments })}
            </Typography.Text>
            {checking ? <Spin size="small" /> : null}
          </Space>
          {check.problems.length > 0 ? (
            <ul data-testid="lint-problems" style={{ margin: "0 0 8px", paddingLeft: 20 }}>
              {check.problems.map((p) => (
                <li key={p.code} data-testid={`lint-problem-${p.code}`} data-severity={p.severity}>
                  <Typography.Text type={p.severity === "error" ? "danger" : "warning"}>
                    {p.severity === "error" ? <CloseCircleFilled /> : <WarningFilled />}{" "}
                    {pick(p.message)}
                  </Typography.Text>{" "}
                  <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
                    {p.code}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          ) : null}
          <span hidden data-testid="lint-error-count">
            {errors.length}
          </span>
        </>
      ) : null}
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("outreach.editor.preview")}
        </Typography.Text>
      </div>
      <div
        data-testid="lint-sample"
        style={{
          whiteSpace: "pre-wrap",
          background: "#f6f8fa",
          border: "1px solid #eef0f3",
          borderRadius: 6,
          padding: "6px 10px",
          margin: "4px 0 10px",
          fontSize: 13,
        }}
      >
        {check.sample}
      </div>
      <Typography.Text strong style={{ fontSize: 13 }}>
        {t("outreach.editor.windowTitle")}
      </Typography.Text>
      <div data-testid="window-check" style={{ marginTop: 4 }}>
        {check.start && check.end ? (
          <Space orientation="vertical" size={2}>
            <Typography.Text>
              {t("outreach.editor.plannedLocal", {
                from: formatDateTime(check.start, timeZone),
                to: formatDateTime(check.end, timeZone).slice(11),
                tz: timeZone,
              })}
            </Typography.Text>
            {timeZone !== "Asia/Shanghai" ? (
              <Typography.Text type="secondary">
                {t("outreach.editor.plannedBeijing", {
                  from: formatDateTime(check.start, "Asia/Shanghai"),
                  to: formatDateTime(check.end, "Asia/Shanghai").slice(11),
                })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">
            {hasTDate ? "—" : t("outreach.editor.noTDate")}
          </Typography.Text>
        )}
        {check.warnings.map((w) => (
          <Alert
            key={w.code}
            data-testid={`check-warning-${w.code}`}
            style={{ marginTop: 6 }}
            type={w.severity === "error" ? "error" : "warning"}
            showIcon
            title={pick(w.message)}
            description={
              w.suggestion ? t("outreach.plan.suggestion", { text: pick(w.suggestion) }) : undefined
            }
          />
        ))}
      </div>
    </div>
  );
}
