/** What an empty table says: nothing while loading, then a hint on how to get data. */
import { Empty } from "antd";
import type { ReactNode } from "react";

export function tableEmpty(loading: boolean, hint: ReactNode): ReactNode {
  if (loading) return <div style={{ height: 96 }} />;
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hint} />;
}
