/** A page's title with its filters on the right. */
import { Typography } from "antd";
import type { ReactNode } from "react";

export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div
      style={{
        display: "flex",
        alignItems: "center",
        gap: 12,
        flexWrap: "wrap",
        marginBottom: 12,
      }}
    >
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <div style={{ flex: 1 }} />
      {extra}
    </div>
  );
}
