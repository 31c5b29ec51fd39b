/** The frame of every shop page: side menu, header with shop switcher, user and language. */
import { LogoutOutlined, ShopOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Layout, Menu, Result, Select, Space, Tag, Tooltip, Typography } from "antd";
import { createElement, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { api, errorMessage, type Shop } from "../api.ts";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { defaultShopPage, shopPages } from "../pages/registry.ts";
import { ShopProvider, useEnsureSession, useSession } from "../session.tsx";
import { rememberShop } from "./HomeRedirect.tsx";

const { Sider, Header, Content } = Layout;

export function ShopLayout() {
  const { t } = useTranslation();
  const { me, error, reload } = useEnsureSession();
  const { shop: shopCode } = useParams();

  if (error && error.status !== 401) {
    return (
      <Result
        status="error"
        title={errorMessage(error)}
        extra={<Button onClick={() => void reload()}>{t("common.retry")}</Button>}
      />
    );
  }
  if (!me) return <PageSpinner />;
  const shop = me.shops.find((s) => s.code === shopCode);
  if (!shop) {
    const first = me.shops[0];
    return (
      <Result
        status="404"
        title={me.shops.length ? t("notFound.title") : t("noShop.title")}
        subTitle={me.shops.length ? shopCode : t("noShop.description")}
        extra={
          first ? (
            <Link to={`/shops/${first.code}/${defaultShopPage}`}>{t("notFound.back")}</Link>
          ) : null
        }
      />
    );
  }
  rememberShop(shop.code);
  return (
    <ShopProvider value={shop}>
      <Frame shop={shop} shops={me.shops} />
    </ShopProvider>
  );
}

function Frame({ shop, shops }: { shop: Shop; shops: Shop[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { me, clear } = useSession();
  const [collapsed, setCollapsed] = useState(false);
  const section = location.pathname.split("/")[3] ?? defaultShopPage;

  const logout = async () => {
    try {
      await api.logout();
    } finally {
      clear();
      navigate("/login", { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider
        theme="light"
        width={188}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ borderRight: "1px solid #f0f0f0" }}
      >
        <div
          style={{
            height: 56,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            borderBottom: "1px solid #f0f0f0",
            whiteSpace: "nowrap",
          }}
        >
          <span style={{ fontSize: 22, fontWeight: 700, color: "#e8590c", letterSpacing: 1 }}>
            大促
          </span>
          {collapsed ? null : (
            <span style={{ marginLeft: 8, color: "#8c8c8c", fontSize: 13 }}>
              Dacu · {t("app.tagline")}
            </span>
          )}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          style={{ borderInlineEnd: "none" }}
          items={shopPages.map((p) => ({
            key: p.path,
            icon: createElement(p.icon),
            label: <Link to={`/shops/${shop.code}/${p.path}`}>{t(p.label)}</Link>,
          }))}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: "0 20px",
            height: 56,
            lineHeight: "56px",
            display: "flex",
            alignItems: "center",
            gap: 16,
            borderBottom: "1px solid #f0f0f0",
          }}
        >
          <Space size={8}>
            <ShopOutlined style={{ color: "#8c8c8c" }} />
            <Select
              data-testid="shop-switcher"
              aria-label={t("header.shop")}
              value={shop.code}
              style={{ minWidth: 240 }}
              popupMatchSelectWidth={false}
              onChange={(code: string) => navigate(`/shops/${code}/${section}`)}
              options={shops.map((s) => ({
                value: s.code,
                label: (
                  <Space size={6}>
                    <span>{s.name}</span>
                    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                      {t(`platform.${s.platform}`)}
                    </Tag>
                    {s.isDemo ? <Tag style={{ marginInlineEnd: 0 }}>{t("header.demo")}</Tag> : null}
                  </Space>
                ),
              }))}
            />
          </Space>
          <div style={{ flex: 1 }} />
          <LanguageSwitch />
          {me ? (
            <Space size={6}>
              <UserOutlined style={{ color: "#8c8c8c" }} />
              <Typography.Text data-testid="current-user">{me.user.displayName}</Typography.Text>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {t(`role.${me.user.role}`)}
              </Tag>
            </Space>
          ) : null}
          <Tooltip title={t("header.logout")}>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              onClick={() => void logout()}
              aria-label={t("header.logout")}
            />
          </Tooltip>
        </Header>
        <Content style={{ padding: 20, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
