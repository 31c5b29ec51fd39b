import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { createDecoder, detectEncoding } from "./encoding.ts";

describe("encoding detection", () => {
  const text = "订单编号,买家会员名\r\n";
  it("detects UTF-8 with BOM, UTF-8 without, and GBK", () => {
    expect(
      detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
    ).toBe("utf8-bom");
    expect(detectEncoding(Buffer.from(text))).toBe("utf8");
    expect(detectEncoding(iconv.encode(text, "gbk"))).toBe("gb18030");
  });
  it("tolerates a UTF-8 character cut at the end of the prefix", () => {
    const b = Buffer.from(text);
    expect(detectEncoding(b.subarray(0, 2))).toBe("utf8");
  });
  it("decodes streams cut through characters", () => {
    for (const enc of ["utf8", "gb18030"] as const) {
      const bytes = enc === "utf8" ? Buffer.from(text) : iconv.encode(text, "gb18030");
      const d = createDecoder(enc);
      let s = "";
      for (let i = 0; i < bytes.length; i++) s += d.write(bytes.subarray(i, i + 1));
      s += d.end();
      expect(s).toBe(text);
    }
  });
});
