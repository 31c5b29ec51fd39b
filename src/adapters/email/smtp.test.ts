import { describe, expect, it } from "vitest";
import { classifySmtpError } from "./smtp.ts";

const err = (props: Record<string, unknown>) => Object.assign(new Error("x"), props);

describe("classifySmtpError", () => {
  it("reply codes decide: 4xx retry later, 5xx give up", () => {
    expect(classifySmtpError(err({ responseCode: 451, code: "EENVELOPE" })).kind).toBe("transient");
    expect(classifySmtpError(err({ responseCode: 421 })).code).toBe("smtp_421");
    expect(classifySmtpError(err({ responseCode: 550, code: "EENVELOPE" })).kind).toBe("permanent");
  });

  it("no connection or no login: nothing was sent, retry; a broken transaction: uncertain", () => {
    for (const code of ["EDNS", "EAUTH", "ETLS"]) {
      expect(classifySmtpError(err({ code })).kind, code).toBe("transient");
    }
    // What nodemailer reports for a server that is down.
    const refused = err({ code: "ESOCKET", command: "CONN", syscall: "connect" });
    expect(classifySmtpError(refused).kind).toBe("transient");
    expect(classifySmtpError(err({ code: "ETIMEDOUT", command: "CONN" })).kind).toBe("uncertain");
    expect(classifySmtpError(err({ code: "ECONNECTION" })).kind).toBe("uncertain");
    expect(classifySmtpError(err({ code: "ESOCKET" })).kind).toBe("uncertain");
    expect(classifySmtpError("weird").kind).toBe("uncertain");
  });
});
