/**
 * A draft journey's name and settings: SMS provider (whose Beijing window applies), link and
 * coupon put into the templates, SMS unit price, the shop's quiet hours, the daily cap per
 * customer and channel, and whether consent is required. The steps are kept as they are.
 */
import { Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import {
  type Journey,
  type JourneySettings,
  outreachApi,
  type Provider,
  providers,
  stepToInput,
} from "../outreachApi.ts";

interface Values {
  name: string;
  provider: Provider;
  link?: string;
  coupon?: string;
  unitPriceFen?: number | null;
  quietStart?: string;
  quietEnd?: string;
  perDayCap?: number | null;
  requireConsent: boolean;
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

export function SettingsModal({
  open,
  shop,
  journey,
  onSaved,
  onClose,
}: {
  open: boolean;
  shop: string;
  journey: Journey;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  // The form takes the journey's values when it opens, not again while it is open: a reload of
  // the journey landing then (after a save elsewhere, say) must not wipe what is being edited.
  const filledFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!open) {
      filledFor.current = undefined;
      return;
    }
    if (filledFor.current === journey.id) return;
    filledFor.current = journey.id;
    const s = journey.settings;
    form.setFieldsValue({
      name: journey.name,
      provider: s.provider ?? "default",
      link: s.link ?? "",
      coupon: s.coupon ?? "",
      unitPriceFen: s.unitPriceFen ?? null,
      quietStart: s.quietHours?.start ?? "",
      quietEnd: s.quietHours?.end ?? "",
      perDayCap: s.perDayCap ?? null,
      requireConsent: s.requireConsent ?? true,
    });
    setError(undefined);
  }, [open, journey, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const settings: JourneySettings = {
      provider: v.provider,
      requireConsent: v.requireConsent,
      ...(v.link?.trim() ? { link: v.link.trim() } : {}),
      ...(v.coupon?.trim() ? { coupon: v.coupon.trim() } : {}),
      ...(v.unitPriceFen != null ? { unitPriceFen: v.unitPriceFen } : {}),
      ...(v.perDayCap != null ? { perDayCap: v.perDayCap } : {}),
      ...(v.quietStart && v.quietEnd
        ? { quietHours: { start: v.quietStart, end: v.quietEnd } }
        : {}),
    };
    setSaving(true);
    try {
      await outreachApi.update(shop, journey.id, {
        name: v.name.trim(),
        campaignId: journey.campaignId,
        tDate: journey.tDate,
        settings,
        steps: journey.steps.map(stepToInput),
      });
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("outreach.settings.title")}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      width={560}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} data-testid="settings-modal">
        <Form.Item
          name="name"
          label={t("outreach.name")}
          rules={[{ required: true, whitespace: true, message: t("outreach.editor.required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="provider" label={t("outreach.provider")}>
          <Select
            options={providers.map((p) => ({ value: p, label: t(`outreach.providers.${p}`) }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="link" label={t("outreach.link")}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="coupon" label={t("outreach.coupon")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item
              name="quietStart"
              label={t("outreach.settings.quietStart")}
              rules={[{ pattern: clock, message: "HH:mm" }]}
            >
              <Input placeholder="21:00" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="quietEnd"
              label={t("outreach.settings.quietEnd")}
              rules={[{ pattern: clock, message: "HH:mm" }]}
            >
              <Input placeholder="09:00" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="perDayCap" label={t("outreach.settings.perDayCap")}>
              <InputNumber min={1} max={10} style={{ width: "100%" }} placeholder="1" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="unitPriceFen" label={t("outreach.settings.unitPrice")}>
              <InputNumber min={0} max={1000} style={{ width: "100%" }} placeholder="4" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="requireConsent" valuePropName="checked">
          <Checkbox>{t("outreach.settings.requireConsent")}</Checkbox>
        </Form.Item>
        {error ? <div style={{ color: "#cf1322" }}>{error}</div> : null}
      </Form>
    </Modal>
  );
}
