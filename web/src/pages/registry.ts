/**
 * The pages of a shop, in menu order. A new page is one entry here: its path under
 * `/shops/:shop/`, its menu label key and icon, and the lazily loaded component.
 */
import {
  CalendarOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  MessageOutlined,
  PieChartOutlined,
  ProfileOutlined,
  RocketOutlined,
  ShoppingOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { type ComponentType, type LazyExoticComponent, lazy } from "react";

export interface ShopPage {
  /** Path segment under `/shops/:shop/`, also the menu key. */
  path: string;
  /** i18n key of the menu label. */
  label: string;
  icon: ComponentType;
  component: LazyExoticComponent<ComponentType>;
  /** The page has pages of its own under its path (e.g. `campaigns/12`). */
  nested?: boolean;
}

export const shopPages: readonly ShopPage[] = [
  {
    path: "overview",
    label: "nav.overview",
    icon: DashboardOutlined,
    component: lazy(() => import("./OverviewPage.tsx").then((m) => ({ default: m.OverviewPage }))),
  },
  {
    path: "products",
    label: "nav.products",
    icon: ShoppingOutlined,
    component: lazy(() => import("./ProductsPage.tsx").then((m) => ({ default: m.ProductsPage }))),
  },
  {
    path: "customers",
    label: "nav.customers",
    icon: TeamOutlined,
    component: lazy(() =>
      import("./CustomersPage.tsx").then((m) => ({ default: m.CustomersPage })),
    ),
  },
  {
    path: "segments",
    label: "segments.nav",
    icon: PieChartOutlined,
    component: lazy(() => import("./SegmentsPage.tsx").then((m) => ({ default: m.SegmentsPage }))),
  },
  {
    path: "orders",
    label: "nav.orders",
    icon: ProfileOutlined,
    component: lazy(() => import("./OrdersPage.tsx").then((m) => ({ default: m.OrdersPage }))),
  },
  {
    path: "import",
    label: "nav.import",
    icon: CloudUploadOutlined,
    component: lazy(() => import("./ImportPage.tsx").then((m) => ({ default: m.ImportPage }))),
  },
  {
    path: "calendar",
    label: "nav.calendar",
    icon: CalendarOutlined,
    component: lazy(() => import("./CalendarPage.tsx").then((m) => ({ default: m.CalendarPage }))),
  },
  {
    path: "campaigns",
    label: "nav.campaigns",
    icon: RocketOutlined,
    nested: true,
    component: lazy(() =>
      import("./CampaignsPage.tsx").then((m) => ({ default: m.CampaignsPage })),
    ),
  },
  {
    path: "outreach",
    label: "outreach.nav",
    icon: MessageOutlined,
    component: lazy(() => import("./OutreachPage.tsx").then((m) => ({ default: m.OutreachPage }))),
  },
  // Later: pricing (定价) — one entry.
];

export const defaultShopPage = "overview";
