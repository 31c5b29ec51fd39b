import { describe, expect, it } from "vitest";
import { maskAddress, maskEmail, maskName, maskPhone, roleSeesPii } from "./mask.ts";

describe("PII masking", () => {
  it("masks phones keeping the carrier prefix and last four", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("1001234")).toBe("1***34");
    expect(maskPhone(null)).toBeNull();
  });
  it("masks names keeping the surname", () => {
    expect(maskName("张伟")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("李")).toBe("李*");
  });
  it("masks emails and addresses", () => {
    expect(maskEmail("lina@example.com")).toBe("l***@example.com");
    expect(maskAddress("浙江省 杭州市 西湖区 文三路 100 号")).toBe("浙江省 杭州***");
  });
  it("only analysts are denied PII", () => {
    expect(["owner", "operator", "cs", "analyst"].map((r) => roleSeesPii(r as never))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
