/**
 * A campaign's coupon templates handed out: each template's claim code (renewable), how many
 * were issued, claimed with the code and redeemed, the coupons themselves, and issuing one to
 * each member of a saved segment or to listed customers.
 */
import { GiftOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { formatDateTime, formatInt } from "../format.ts";
import { segmentsApi } from "../segmentsApi.ts";
import { useSession, useShop } from "../session.tsx";
import { type IssuedCoupon, type IssueTarget, type Promotion, promotionsApi } from "./api.ts";
import { parseCustomerIds } from "./model.ts";

const statusColors: Record<IssuedCoupon["status"], string> = {
  issued: "blue",
  redeemed: "green",
  void: "default",
};

export function CouponsPanel({
  coupons,
  onChanged,
}: {
  coupons: Promotion[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <Space>
          <GiftOutlined />
          {t("promotions.coupons.title")}
        </Space>
      }
      data-testid="coupons"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("promotions.coupons.hint")}
      </Typography.Paragraph>
      {coupons.length === 0 ? (
        <Empty description={t("promotions.coupons.empty")} />
      ) : (
        <Space orientation="vertical" style={{ width: "100%" }} size={16}>
          {coupons.map((c) => (
            <CouponTemplate key={c.id} template={c} onChanged={onChanged} />
          ))}
        </Space>
      )}
    </Card>
  );
}

function CouponTemplate({ template, onChanged }: { template: Promotion; onChanged: () => void }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const role = useSession().me?.user.role;
  const canEdit = role === "owner" || role === "operator";
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [issuing, setIssuing] = useState(false);
  const pageSize = 10;
  const list = useApi(
    (signal) => promotionsApi.coupons(shop.code, template.id, { page, pageSize }, signal),
    [shop.code, template.id, page, version],
  );
  const counts = list.data?.counts;
  const limit = template.coupon?.issueLimit ?? null;
  const taken = template.coupon?.issued ?? 0;

  const renew = async () => {
    try {
      await promotionsApi.renewClaimCode(shop.code, template.id);
      message.success(t("promotions.coupons.renewed"));
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <div data-testid={`coupon-${template.id}`}>
      <Space wrap style={{ marginBottom: 8, width: "100%", justifyContent: "space-between" }}>
        <Space wrap>
          <Typography.Text strong>{template.name}</Typography.Text>
          <Tag>{t(`promotions.kinds.${template.kind}`, { defaultValue: template.kind })}</Tag>
          {template.published ? null : <Tag color="orange">{t("promotions.coupons.draft")}</Tag>}
          <span>{t("promotions.coupons.claimCode")}</span>
          <Typography.Text
            code
            copyable={template.coupon?.claimCode ? { text: template.coupon.claimCode } : false}
            data-testid={`coupon-code-${template.id}`}
          >
            {template.coupon?.claimCode ?? "—"}
          </Typography.Text>
          {canEdit ? (
            <Popconfirm title={t("promotions.coupons.renewConfirm")} onConfirm={renew}>
              <Button
                size="small"
                icon={<ReloadOutlined />}
                data-testid={`coupon-renew-${template.id}`}
              >
                {t("promotions.coupons.renew")}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
        <Button
          type="primary"
          size="small"
          disabled={!canEdit}
          title={canEdit ? undefined : t("promotions.coupons.editorsOnly")}
          onClick={() => setIssuing(true)}
          data-testid={`coupon-issue-${template.id}`}
        >
          {t("promotions.coupons.issue")}
        </Button>
      </Space>
      <Space size={32} wrap style={{ marginBottom: 8 }}>
        <div data-testid={`coupon-issued-${template.id}`}>
          <Statistic title={t("promotions.coupons.issued")} value={counts?.issued ?? "—"} />
        </div>
        <div data-testid={`coupon-claimed-${template.id}`}>
          <Statistic title={t("promotions.coupons.claimed")} value={counts?.claimed ?? "—"} />
        </div>
        <div data-testid={`coupon-redeemed-${template.id}`}>
          <Statistic title={t("promotions.coupons.redeemed")} value={counts?.redeemed ?? "—"} />
        </div>
        <Statistic
          title={t("promotions.coupons.left")}
          value={limit === null ? t("promotions.coupons.unlimited") : formatInt(limit - taken)}
        />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<IssuedCoupon>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.coupons ?? []}
        data-testid={`coupon-list-${template.id}`}
        locale={{ emptyText: t("promotions.coupons.none") }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          size: "small",
        }}
        columns={[
          { title: t("promotions.coupons.code"), dataIndex: "code" },
          { title: t("promotions.coupons.customer"), dataIndex: "customerId" },
          {
            title: t("promotions.coupons.source"),
            dataIndex: "source",
            render: (s: IssuedCoupon["source"]) => t(`promotions.coupons.sources.${s}`),
          },
          {
            title: t("promotions.coupons.status"),
            dataIndex: "status",
            render: (s: IssuedCoupon["status"]) => (
              <Tag color={statusColors[s]}>{t(`promotions.coupons.statuses.${s}`)}</Tag>
            ),
          },
          {
            title: t("promotions.coupons.validUntil"),
            dataIndex: "validUntil",
            render: (v: string | null) => (v ? formatDateTime(v, shop.timeZone) : "—"),
          },
        ]}
      />
      <IssueModal
        open={issuing}
        template={template}
        onClose={() => setIssuing(false)}
        onIssued={() => {
          setIssuing(false);
          setPage(1);
          setVersion((v) => v + 1);
          onChanged();
        }}
      />
    </div>
  );
}

function IssueModal({
  open,
  template,
  onClose,
  onIssued,
}: {
  open: boolean;
  template: Promotion;
  onClose: () => void;
  onIssued: () => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const [mode, setMode] = useState<"segment" | "list">("segment");
  const [segmentId, setSegmentId] = useState<number | undefined>(undefined);
  const [idsText, setIdsText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const segments = useApi((signal) => segmentsApi.list(shop.code, signal), [shop.code, open]);
  const ids = parseCustomerIds(idsText);
  const target: IssueTarget | undefined =
    mode === "segment"
      ? segmentId !== undefined
        ? { segmentId }
        : undefined
      : ids && ids.length > 0
        ? { customerIds: ids }
        : undefined;

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await promotionsApi.issue(shop.code, template.id, target);
      message.success(t("promotions.coupons.issuedDone", { issued: r.issued, skipped: r.skipped }));
      onIssued();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("promotions.coupons.issueTitle", { name: template.name })}
      onCancel={onClose}
      okText={t("promotions.coupons.issue")}
      okButtonProps={{ disabled: !target, loading: busy, "data-testid": "issue-confirm" }}
      onOk={submit}
      destroyOnHidden
    >
      <Radio.Group
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        style={{ marginBottom: 12 }}
        options={[
          { value: "segment", label: t("promotions.coupons.toSegment") },
          { value: "list", label: t("promotions.coupons.toList") },
        ]}
      />
      {mode === "segment" ? (
        <Select
          style={{ width: "100%" }}
          placeholder={t("promotions.coupons.pickSegment")}
          loading={segments.loading}
          value={segmentId}
          onChange={setSegmentId}
          showSearch={{ optionFilterProp: "label" }}
          data-testid="issue-segment"
          options={(segments.data?.segments ?? []).map((s) => ({
            value: s.id,
            label:
              s.size === null
                ? s.name
                : `${s.name}（${t("promotions.coupons.members", { count: s.size })}）`,
          }))}
        />
      ) : (
        <>
          <Input.TextArea
            rows={4}
            value={idsText}
            onChange={(e) => setIdsText(e.target.value)}
            placeholder={t("promotions.coupons.idsHint")}
            data-testid="issue-ids"
          />
          {idsText.trim() !== "" && !ids ? (
            <div style={{ color: "#cf1322" }}>{t("promotions.coupons.idsInvalid")}</div>
          ) : null}
        </>
      )}
      <Alert
        type="info"
        showIcon
        style={{ marginTop: 12 }}
        title={t("promotions.coupons.limitsHint")}
      />
      {error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="issue-error"
          title={
            error instanceof ApiError && error.code === "sold_out"
              ? t("promotions.coupons.soldOut")
              : undefined
          }
          description={errorMessage(error)}
        />
      ) : null}
    </Modal>
  );
}
