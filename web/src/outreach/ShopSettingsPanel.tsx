/**
 * The shop-wide sending settings of outreach: the e-mail (SMTP) server and sender — the
 * password is write-only, so the form only says whether one is stored and sends it only
 * when typed; only the owner may change them — and the logistics notifications switch
 * (shipped / arrived in the city / delayed / signed SMS) with the state the server reports.
 */
import { CheckCircleFilled, MinusCircleFilled } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { type EmailSettings, type EmailSettingsInput, emailSettingsApi } from "../outreachApi.ts";

interface Values {
  host: string;
  port: number | null;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  fromName?: string;
  language: "zh" | "en";
  publicUrl: string;
  allowSelfSigned: boolean;
}

const fields: readonly (keyof Values)[] = [
  "host",
  "port",
  "secure",
  "user",
  "password",
  "from",
  "fromName",
  "language",
  "publicUrl",
  "allowSelfSigned",
];

/** The same checks as the server: host without spaces or slashes, e-mail, http(s) URL. */
const hostPattern = /^[^\s/]+$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v.trim());
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function toValues(s: EmailSettings | undefined): Values {
  return {
    host: s?.host ?? "",
    port: s?.port ?? 465,
    secure: s?.secure ?? true,
    user: s?.user ?? "",
    password: "",
    from: s?.from ?? "",
    fromName: s?.fromName ?? "",
    language: s?.language ?? "zh",
    publicUrl: s?.publicUrl ?? (typeof window === "undefined" ? "" : window.location.origin),
    allowSelfSigned: s?.allowSelfSigned ?? false,
  };
}

export function ShopSettingsPanel({
  shop,
  shopName,
  isOwner,
  canManageLogistics,
}: {
  shop: string;
  shopName: string;
  isOwner: boolean;
  canManageLogistics: boolean;
}) {
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <EmailSettingsCard shop={shop} canEdit={isOwner} />
      <LogisticsCard shop={shop} shopName={shopName} canEdit={canManageLogistics} />
    </Space>
  );
}

function EmailSettingsCard({ shop, canEdit }: { shop: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const settings = useApi((signal) => emailSettingsApi.get(shop, signal), [shop]);
  const s = settings.data;

  useEffect(() => {
    if (s) form.setFieldsValue(toValues(s));
  }, [s, form]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is wrong on each field
    }
    const typed = v.password ?? "";
    const body: EmailSettingsInput = {
      host: v.host.trim(),
      port: v.port ?? 0,
      secure: v.secure,
      user: v.user?.trim() || null,
      from: v.from.trim(),
      fromName: v.fromName?.trim() || null,
      language: v.language,
      publicUrl: v.publicUrl.trim(),
      allowSelfSigned: v.allowSelfSigned,
      // Sent only when typed: left empty keeps the stored password.
      ...(typed !== "" ? { password: typed } : {}),
    };
    setSaving(true);
    setError(undefined);
    try {
      const saved = await emailSettingsApi.save(shop, body);
      form.setFieldsValue(toValues(saved));
      message.success(t("outreach.email.saved"));
      settings.reload();
    } catch (err) {
      const field =
        err instanceof ApiError && err.field
          ? fields.find((f) => f === err.field?.split(".")[0])
          : undefined;
      if (field) form.setFields([{ name: field, errors: [errorMessage(err)] }]);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const passwordSet = Boolean(s?.passwordSet);
  return (
    <Card
      size="small"
      title={t("outreach.email.title")}
      data-testid="email-settings"
      extra={
        s ? (
          s.configured ? (
            <Tag color="green" icon={<CheckCircleFilled />} data-testid="email-configured">
              {t("outreach.email.configured")}
            </Tag>
          ) : (
            <Tag icon={<MinusCircleFilled />} data-testid="email-configured">
              {t("outreach.email.notConfigured")}
            </Tag>
          )
        ) : null
      }
    >
      <ErrorAlert error={settings.error} onRetry={settings.reload} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t("outreach.email.hint")}
      </Typography.Paragraph>
      {!canEdit ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("outreach.email.ownerOnly")}
          data-testid="email-readonly"
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={!canEdit || !s}
        initialValues={toValues(undefined)}
        data-testid="email-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item
              name="host"
              label={t("outreach.email.host")}
              rules={[
                { required: true, whitespace: true, message: t("outreach.email.required") },
                { pattern: hostPattern, message: t("outreach.email.badHost") },
              ]}
            >
              <Input maxLength={255} placeholder="smtp.example.com" data-testid="email-host" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name="port"
              label={t("outreach.email.port")}
              rules={[
                { required: true, message: t("outreach.email.required") },
                {
                  type: "integer",
                  min: 1,
                  max: 65535,
                  message: t("outreach.email.badPort"),
                },
              ]}
            >
              <InputNumber style={{ width: "100%" }} precision={0} data-testid="email-port" />
            </Form.Item>
          </Col>
          <Col xs={12} md={9}>
            <Form.Item
              name="secure"
              label={t("outreach.email.secure")}
              valuePropName="checked"
              extra={t("outreach.email.secureHint")}
            >
              <Switch data-testid="email-secure" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="user" label={t("outreach.email.user")}>
              <Input maxLength={255} autoComplete="off" data-testid="email-user" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="password"
              label={t("outreach.email.password")}
              extra={passwordSet ? t("outreach.email.passwordKept") : undefined}
            >
              <Input.Password
                maxLength={1000}
                autoComplete="new-password"
                placeholder={
                  passwordSet ? t("outreach.email.passwordSet") : t("outreach.email.passwordNone")
                }
                data-testid="email-password"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="from"
              label={t("outreach.email.from")}
              rules={[
                { required: true, whitespace: true, message: t("outreach.email.required") },
                { pattern: emailPattern, message: t("outreach.email.badFrom") },
              ]}
            >
              <Input maxLength={255} placeholder="shop@example.com" data-testid="email-from" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="fromName" label={t("outreach.email.fromName")}>
              <Input maxLength={100} data-testid="email-from-name" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="publicUrl"
              label={t("outreach.email.publicUrl")}
              extra={t("outreach.email.publicUrlHint")}
              rules={[
                { required: true, whitespace: true, message: t("outreach.email.required") },
                {
                  validator: (_, v: string | undefined) =>
                    !v || isHttpUrl(v)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t("outreach.email.badUrl"))),
                },
              ]}
            >
              <Input
                maxLength={500}
                placeholder="https://dacu.example.com"
                data-testid="email-url"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="language" label={t("outreach.email.language")}>
              <Select
                options={[
                  { value: "zh", label: t("outreach.email.languages.zh") },
                  { value: "en", label: t("outreach.email.languages.en") },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="allowSelfSigned"
              label={t("outreach.email.allowSelfSigned")}
              valuePropName="checked"
            >
              <Checkbox>{t("outreach.email.allowSelfSignedHint")}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        {canEdit ? (
          <Button type="primary" onClick={submit} loading={saving} data-testid="email-save">
            {t("outreach.email.save")}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

/** The four events, each with the order event its journey step listens to. */
const logisticsEvents = [
  ["shipped", "shipped"],
  ["arrived", "arrived_city"],
  ["delayed", "delayed"],
  ["signed", "signed"],
] as const;

function LogisticsCard({
  shop,
  shopName,
  canEdit,
}: {
  shop: string;
  shopName: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [signature, setSignature] = useState(() => [...shopName].slice(0, 12).join(""));
  const [signatureError, setSignatureError] = useState<string | undefined>(undefined);
  const status = useApi((signal) => emailSettingsApi.logistics(shop, signal), [shop]);
  const st = status.data;
  // The signature is used once, when the first switch-on creates the four texts.
  const needsSignature = st !== undefined && st.journey === null;
  const signatureLength = [...signature.trim()].length;
  const signatureOk = signatureLength >= 2 && signatureLength <= 12;

  const toggle = async (enabled: boolean) => {
    if (enabled && needsSignature && !signatureOk) {
      setSignatureError(t("outreach.logistics.badSignature"));
      return;
    }
    setBusy(true);
    setSignatureError(undefined);
    try {
      await emailSettingsApi.setLogistics(
        shop,
        enabled,
        enabled && needsSignature ? signature.trim() : undefined,
      );
      message.success(t(enabled ? "outreach.logistics.turnedOn" : "outreach.logistics.turnedOff"));
      status.reload();
    } catch (err) {
      if (err instanceof ApiError && err.field === "signature")
        setSignatureError(errorMessage(err));
      else message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const journey = st?.journey ?? null;
  return (
    <Card
      size="small"
      title={t("outreach.logistics.title")}
      data-testid="logistics"
      extra={
        <Space>
          {st ? (
            <Tag color={st.enabled ? "green" : "default"} data-testid="logistics-state">
              {t(st.enabled ? "outreach.logistics.on" : "outreach.logistics.off")}
            </Tag>
          ) : null}
          <Switch
            checked={st?.enabled ?? false}
            loading={busy || status.loading}
            disabled={!canEdit || !st}
            onChange={toggle}
            data-testid="logistics-switch"
          />
        </Space>
      }
    >
      <ErrorAlert error={status.error} onRetry={status.reload} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t("outreach.logistics.hint")}
      </Typography.Paragraph>
      {needsSignature && canEdit ? (
        <Form layout="inline" style={{ marginBottom: 12 }}>
          <Form.Item
            label={t("outreach.signature")}
            validateStatus={signatureError ? "error" : ""}
            help={signatureError ?? t("outreach.logistics.signatureHint")}
          >
            <Input
              style={{ width: 200 }}
              value={signature}
              maxLength={12}
              onChange={(e) => {
                setSignature(e.target.value);
                setSignatureError(undefined);
              }}
              data-testid="logistics-signature"
            />
          </Form.Item>
        </Form>
      ) : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="logistics-events"
        items={logisticsEvents.map(([e, event]) => {
          const step = journey?.steps.find(
            (x) => (x.audience as { event?: string }).event === event,
          );
          return {
            key: e,
            label: t(`outreach.logistics.events.${e}`),
            children: step ? (
              <Typography.Text style={{ fontSize: 12 }}>{step.template}</Typography.Text>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`outreach.logistics.eventHints.${e}`)}
              </Typography.Text>
            ),
          };
        })}
      />
      <Typography.Paragraph
        type="secondary"
        style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}
      >
        {journey
          ? t("outreach.logistics.journeyState", {
              name: journey.name,
              id: journey.id,
              status: t(`outreach.logistics.journeyStatus.${journey.status}`, {
                defaultValue: journey.status,
              }),
            })
          : t("outreach.logistics.noJourney")}
        {canEdit ? "" : ` ${t("outreach.logistics.readOnly")}`}
      </Typography.Paragraph>
    </Card>
  );
}
