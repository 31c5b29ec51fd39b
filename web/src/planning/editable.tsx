/**
 * Pieces of the planning pages' editable tables (plan targets, budget lines, template tasks):
 * small cells, and a table of rows that can be changed, removed and added.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Input,
  InputNumber,
  type InputProps,
  Select,
  type SelectProps,
  Table,
  type TableColumnsType,
  Typography,
} from "antd";

/** Options of a select from values and their labels. */
export function optionsOf<T extends string>(values: readonly T[], label: (v: T) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}

/** A small select that fills its cell. */
export function SelectCell<T>(props: Omit<SelectProps<T>, "size" | "style">) {
  return <Select<T> size="small" style={{ width: "100%" }} {...props} />;
}

/** A small text input that passes its new text on. */
export function TextCell({
  onChange,
  ...props
}: Omit<InputProps, "size" | "onChange"> & { onChange: (value: string) => void }) {
  return <Input size="small" {...props} onChange={(e) => onChange(e.target.value)} />;
}

/** A small whole-number input, 0 or more, that fills its cell. */
export function CountCell({
  value,
  onChange,
}: {
  value: number | null;
  onChange: (value: number | null) => void;
}) {
  return (
    <InputNumber
      size="small"
      min={0}
      precision={0}
      value={value}
      style={{ width: "100%" }}
      onChange={onChange}
    />
  );
}

/**
 * A titled table of rows the user edits: `columns` gets `patch` to change one row; every row
 * has a remove button and the footer an add button that appends `newRow()`.
 */
export function EditableRows<R extends { id: number }>({
  title,
  rows,
  onChange,
  newRow,
  columns,
  addLabel,
  emptyText,
}: {
  title: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  newRow: () => R;
  columns: (patch: (id: number, change: Partial<R>) => void) => TableColumnsType<R>;
  addLabel: string;
  emptyText?: string;
}) {
  const patch = (id: number, change: Partial<R>) =>
    onChange(rows.map((x) => (x.id === id ? { ...x, ...change } : x)));
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <Table<R>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={rows}
        {...(emptyText !== undefined ? { locale: { emptyText } } : {})}
        columns={[
          ...columns(patch),
          {
            key: "del",
            width: 36,
            render: (_: unknown, r) => (
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
              />
            ),
          },
        ]}
        footer={() => (
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => onChange([...rows, newRow()])}
          >
            {addLabel}
          </Button>
        )}
      />
    </div>
  );
}
