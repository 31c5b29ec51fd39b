import { describe, expect, it } from "vitest";
import { composeEmail, emailDomain, escapeHtml, isEmailAddress } from "./email.ts";

const base = {
  subject: "{shop} 双11 提前领券",
  template: "{name}您好：\n\n现在即可领券：{link}\n\n退订：{unsubscribe}",
  shopName: "小店",
  unsubscribeUrl: "https://shop.example/u/abc.def",
  vars: { name: "张伟", link: "https://shop.example/c?x=1&y=<2>" },
} as const;

describe("composeEmail", () => {
  it("renders subject, body and the Chinese footer with the unsubscribe link", () => {
    const m = composeEmail({ ...base, language: "zh" });
    expect(m.subject).toBe("小店 双11 提前领券");
    expect(m.text).toContain("张伟您好：");
    expect(m.text).toContain("退订：https://shop.example/u/abc.def");
    expect(m.text).toMatch(
      /--\n您收到这封邮件，是因为您同意接收「小店」的消息。\n不想再收到？一键退订：https:\/\/shop.example\/u\/abc.def$/,
    );
    expect(m.html).toContain('<html lang="zh-CN">');
    expect(m.html).toContain('<a href="https://shop.example/u/abc.def">一键退订</a>');
    // Values are escaped in HTML.
    expect(m.html).toContain("&lt;2&gt;");
    expect(m.html).toContain("x=1&amp;y=");
    expect(m.html).not.toContain("<2>");
  });

  it("English layout, default subject, footer even without {unsubscribe}", () => {
    const m = composeEmail({
      ...base,
      language: "en",
      subject: null,
      template: "Hello {name}",
      vars: { name: "Ann" },
    });
    expect(m.subject).toBe("News from 小店");
    expect(m.text.startsWith("Hello Ann\n\n--\nYou receive this e-mail")).toBe(true);
    expect(m.text).toContain("Unsubscribe with one click: https://shop.example/u/abc.def");
    expect(m.html).toContain(">Unsubscribe</a>");
  });

  it("keeps subjects on one line", () => {
    const m = composeEmail({ ...base, language: "zh", subject: "a\r\nBcc: x@y.z" });
    expect(m.subject).toBe("a Bcc: x@y.z");
  });
});

describe("helpers", () => {
  it("escapes, validates and splits addresses", () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    expect(isEmailAddress("a@example.com")).toBe(true);
    expect(isEmailAddress("a@localhost")).toBe(false);
    expect(isEmailAddress("a b@example.com")).toBe(false);
    expect(emailDomain("shop@mail.example.cn")).toBe("mail.example.cn");
  });
});
