/**
 * Masking of personal data (PII) for roles that do not need it. Owners, operators and
 * customer service see phones and names in full (they contact buyers); analysts see them
 * masked, in the UI, in exports and in logs.
 */
export type Role = "owner" | "operator" | "cs" | "analyst";

export function roleSeesPii(role: Role): boolean {
  return role !== "analyst";
}

/**
 * @example maskPhone("13812345678") // "138****5678"
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s+/g, "");
  if (digits.length <= 4) return "****";
  if (digits.length < 8) return `${digits.slice(0, 1)}***${digits.slice(-2)}`;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * @example maskName("张伟") // "张*"; maskName("欧阳娜娜") // "欧***"
 */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}

/** @example maskEmail("lina@example.com") // "l***@example.com" */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.indexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Street-level address hidden, province/city kept. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  return address.length <= 6 ? "***" : `${address.slice(0, 6)}***`;
}
