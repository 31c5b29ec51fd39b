/**
 * Creates a journey: the playbook's three warm-up waves (per-segment wording, signed with the
 * shop's SMS signature) or a blank journey, tied to a campaign (its peak day is T) or a date.
 */
import { DatePicker, Form, Input, Modal, Radio, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { type Journey, outreachApi, type Provider, providers } from "../outreachApi.ts";
import type { CampaignListItem } from "../planning/api.ts";

interface Values {
  mode: "playbook" | "blank";
  name?: string;
  campaignId?: number;
  tDate?: Dayjs;
  signature?: string;
  provider: Provider;
  link?: string;
  coupon?: string;
}

export function JourneyModal({
  open,
  shop,
  shopName,
  campaigns,
  onCreated,
  onClose,
}: {
  open: boolean;
  shop: string;
  shopName: string;
  campaigns: readonly CampaignListItem[];
  onCreated: (j: Journey) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const mode = Form.useWatch("mode", form) ?? "playbook";
  const campaignId = Form.useWatch("campaignId", form);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(undefined);
    try {
      const settings = {
        provider: v.provider,
        ...(v.link?.trim() ? { link: v.link.trim() } : {}),
        ...(v.coupon?.trim() ? { coupon: v.coupon.trim() } : {}),
      };
      const tDate = v.campaignId ? null : (v.tDate?.format("YYYY-MM-DD") ?? null);
      const j =
        v.mode === "playbook"
          ? await outreachApi.createPlaybook(shop, {
              signature: (v.signature ?? "").trim(),
              campaignId: v.campaignId ?? null,
              tDate,
              settings,
            })
          : await outreachApi.create(shop, {
              name: (v.name ?? "").trim(),
              campaignId: v.campaignId ?? null,
              tDate,
              settings,
              steps: [],
            });
      form.resetFields();
      onCreated(j);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("outreach.newJourney")}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "journey-create" } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        data-testid="journey-modal"
        initialValues={{
          mode: "playbook",
          provider: "default",
          signature: [...shopName].slice(0, 12).join(""),
        }}
      >
        <Form.Item name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: "playbook", label: t("outreach.playbook") },
              { value: "blank", label: t("outreach.newJourney") },
            ]}
          />
        </Form.Item>
        {mode === "blank" ? (
          <Form.Item
            name="name"
            label={t("outreach.name")}
            rules={[{ required: true, whitespace: true, message: t("outreach.editor.required") }]}
          >
            <Input maxLength={100} data-testid="journey-name" />
          </Form.Item>
        ) : (
          <Form.Item
            name="signature"
            label={t("outreach.signature")}
            extra={t("outreach.signatureHint")}
            rules={[
              { required: true, whitespace: true, message: t("outreach.editor.required") },
              { min: 2, max: 12, message: t("outreach.signatureHint") },
            ]}
          >
            <Input prefix="【" suffix="】" maxLength={12} data-testid="journey-signature" />
          </Form.Item>
        )}
        <Form.Item name="campaignId" label={t("outreach.campaign")}>
          <Select
            allowClear
            placeholder={t("outreach.noCampaign")}
            options={campaigns.map((c) => ({
              value: c.id,
              label: `${c.name}（T = ${c.phases.peakDate}）`,
            }))}
          />
        </Form.Item>
        {!campaignId ? (
          <Form.Item
            name="tDate"
            label={t("outreach.tDate")}
            extra={t("outreach.tDateHint")}
            rules={[{ required: true, message: t("outreach.editor.required") }]}
          >
            <DatePicker data-testid="journey-tdate" style={{ width: "100%" }} />
          </Form.Item>
        ) : null}
        <Form.Item name="provider" label={t("outreach.provider")}>
          <Select
            options={providers.map((p) => ({ value: p, label: t(`outreach.providers.${p}`) }))}
          />
        </Form.Item>
        <Form.Item name="link" label={t("outreach.link")}>
          <Input maxLength={500} placeholder="https://" />
        </Form.Item>
        <Form.Item name="coupon" label={t("outreach.coupon")}>
          <Input maxLength={100} />
        </Form.Item>
        {error ? <div style={{ color: "#cf1322" }}>{error}</div> : null}
      </Form>
    </Modal>
  );
}
