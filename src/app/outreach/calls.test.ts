import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { parseCallResults } from "./calls.ts";

const exported =
  "\uFEFFmessage_id,customer,phone,script,best_time,outcome,notes\r\n" +
  '11,张伟,13900000001,"张伟您好，这里是小店, 明晚开抢",2026-11-10 20:00–22:00,接通,会下单\r\n' +
  "12,李娜,13900000002,李娜您好,2026-11-10 20:00–22:00,,\r\n" +
  "13,王芳,13900000003,王芳您好,2026-11-10 20:00–22:00,refused,不要再打\r\n" +
  "14,赵磊,13900000004,赵磊您好,2026-11-10 20:00–22:00,空号,\r\n";

describe("parseCallResults", () => {
  it("reads the exported call list with its outcome column filled, skipping rows not called", () => {
    expect(parseCallResults(exported)).toEqual([
      { messageId: 11, outcome: "reached", notes: "会下单" },
      { messageId: 13, outcome: "refused", notes: "不要再打" },
      { messageId: 14, outcome: "wrong_number" },
    ]);
  });

  it("reads bare message_id,outcome[,notes] lines without a header", () => {
    expect(parseCallResults("21,no_answer\n22,拒接,客户说太忙\n")).toEqual([
      { messageId: 21, outcome: "no_answer" },
      { messageId: 22, outcome: "refused", notes: "客户说太忙" },
    ]);
  });

  it("names the line and the unknown outcome", () => {
    const err = (() => {
      try {
        parseCallResults("message_id,outcome\n31,reached\n32,maybe\n");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain("第 3 行");
    expect((err as AppError).message).toContain("maybe");
  });

  it("refuses a bad id and a sheet without an outcome column", () => {
    expect(() => parseCallResults("message_id,outcome\nabc,reached\n")).toThrow(/message_id/);
    expect(() => parseCallResults("message_id,customer\n1,张伟\n")).toThrow(/outcome/);
  });
});
