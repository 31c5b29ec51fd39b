/** The server-side paging settings shared by list tables. */
import type { TablePaginationConfig } from "antd";
import type { TFunction } from "i18next";
import type { ListParams } from "./useListParams.ts";

export function serverPagination(
  params: ListParams,
  total: number | undefined,
  t: TFunction,
  onChange: (page: number, pageSize: number) => void,
): TablePaginationConfig {
  return {
    current: params.page,
    pageSize: params.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal: (n) => t("common.total", { count: n }),
    onChange,
    size: "small",
  };
}
