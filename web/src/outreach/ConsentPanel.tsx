/**
 * Consent per channel (customers, with a contact, granted, refused, opted out) and the
 * suppression list every plan honours, with a manual add for owners and operators.
 */
import { App as AntApp, Button, Card, Input, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { formatDateTime, formatInt } from "../format.ts";
import { type Channel, type ConsentRow, channels, outreachApi } from "../outreachApi.ts";
import { ChannelTag } from "./shared.tsx";

export function ConsentPanel({
  shop,
  timeZone,
  canEdit,
}: {
  shop: string;
  timeZone: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [channel, setChannel] = useState<Channel | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [addChannel, setAddChannel] = useState<Channel>("sms");
  const [address, setAddress] = useState("");
  const [adding, setAdding] = useState(false);
  const pageSize = 10;
  const consents = useApi((signal) => outreachApi.consents(shop, signal), [shop]);
  const list = useApi(
    (signal) => outreachApi.suppressions(shop, { channel, page, pageSize }, signal),
    [shop, channel, page],
  );

  const add = async () => {
    setAdding(true);
    try {
      await outreachApi.suppress(shop, { channel: addChannel, address: address.trim() });
      message.success(t("outreach.consent.added"));
      setAddress("");
      list.reload();
      consents.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setAdding(false);
    }
  };

  const num = (v: number) => formatInt(v);
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card size="small" title={t("outreach.consent.title")}>
        <ErrorAlert error={consents.error} onRetry={consents.reload} />
        <Table
          size="small"
          data-testid="consent-table"
          rowKey="channel"
          pagination={false}
          loading={consents.loading}
          dataSource={consents.data?.channels ?? []}
          columns={[
            {
              title: t("outreach.consent.channel"),
              dataIndex: "channel",
              render: (c: Channel) => <ChannelTag channel={c} t={t} />,
            },
            {
              title: t("outreach.consent.customers"),
              dataIndex: "customers",
              align: "right",
              render: num,
            },
            {
              title: t("outreach.consent.withAddress"),
              dataIndex: "withAddress",
              align: "right",
              render: num,
            },
            {
              title: t("outreach.consent.granted"),
              dataIndex: "granted",
              align: "right",
              render: (v: number, r: ConsentRow) =>
                `${formatInt(v)}（${r.customers ? Math.round((v / r.customers) * 100) : 0}%）`,
            },
            {
              title: t("outreach.consent.refused"),
              dataIndex: "refused",
              align: "right",
              render: num,
            },
            {
              title: t("outreach.consent.suppressed"),
              dataIndex: "suppressed",
              align: "right",
              render: num,
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t("outreach.consent.suppressionTitle")}
        extra={
          <Space wrap>
            {list.data?.piiMasked ? <Tag>{t("outreach.consent.masked")}</Tag> : null}
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t("outreach.consent.channel")}
              value={channel}
              onChange={(v: Channel | undefined) => {
                setChannel(v);
                setPage(1);
              }}
              options={channels.map((c) => ({ value: c, label: t(`outreach.channel.${c}`) }))}
            />
          </Space>
        }
      >
        {canEdit ? (
          <Space.Compact style={{ marginBottom: 12 }}>
            <Select
              style={{ width: 100 }}
              value={addChannel}
              onChange={setAddChannel}
              options={channels.map((c) => ({ value: c, label: t(`outreach.channel.${c}`) }))}
            />
            <Input
              style={{ width: 240 }}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder={t("outreach.consent.addressPlaceholder")}
              data-testid="suppress-address"
            />
            <Button
              onClick={add}
              loading={adding}
              disabled={address.trim().length < 3}
              data-testid="suppress-add"
            >
              {t("outreach.consent.add")}
            </Button>
          </Space.Compact>
        ) : null}
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table
          size="small"
          data-testid="suppression-table"
          rowKey={(r) => `${r.channel}:${r.address}`}
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t("outreach.consent.empty") }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (n) => t("common.total", { count: n }),
          }}
          columns={[
            {
              title: t("outreach.consent.channel"),
              dataIndex: "channel",
              render: (c: Channel) => <ChannelTag channel={c} t={t} />,
            },
            { title: t("outreach.consent.address"), dataIndex: "address" },
            {
              title: t("outreach.consent.reason"),
              dataIndex: "reason",
              render: (r: string) => t(`outreach.consent.reasons.${r}`, { defaultValue: r }),
            },
            { title: t("outreach.consent.source"), dataIndex: "source" },
            {
              title: t("outreach.consent.at"),
              dataIndex: "at",
              render: (v: string) => formatDateTime(v, timeZone),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
