/** Small text helpers shared by the import formats. */

/**
 * Removes the guards spreadsheets put around numbers stored as text: `="…"`, a leading tab
 * or a leading apostrophe; surrounding white space goes too.
 * @example unguard('="35153131473293579"') // "35153131473293579"
 */
export function unguard(value: string): string {
  let s = value.trim();
  if (s.startsWith('="') && s.endsWith('"') && s.length >= 3) s = s.slice(2, -1).trim();
  while (s.startsWith("'") || s.startsWith("\t") || s.startsWith("`")) s = s.slice(1).trim();
  return s;
}

/** Trimmed text, or null when empty. */
export function textOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const s = value.trim();
  return s === "" ? null : s;
}

export interface SplitAddress {
  province: string | null;
  city: string | null;
  district: string | null;
  /** The street part, without the postcode. */
  address: string | null;
  postcode: string | null;
}

/**
 * Splits a Taobao 收货地址 `省 市 区 street…(邮编)`; `(000000)` means no postcode.
 * @example splitAddress("浙江省 杭州市 余杭区 文一西路969号(311121)")
 */
export function splitAddress(value: string): SplitAddress {
  let s = value.replace(/\s+/g, " ").trim();
  let postcode: string | null = null;
  const pc = /[(（]\s*(\d{6})\s*[)）]$/.exec(s);
  if (pc) {
    postcode = pc[1] === "000000" ? null : (pc[1] ?? null);
    s = s.slice(0, pc.index).trim();
  }
  if (s === "") return { province: null, city: null, district: null, address: null, postcode };
  const parts = s.split(" ");
  if (parts.length < 4) {
    return { province: null, city: null, district: null, address: s, postcode };
  }
  return {
    province: parts[0] ?? null,
    city: parts[1] ?? null,
    district: parts[2] ?? null,
    address: parts.slice(3).join(" "),
    postcode,
  };
}
