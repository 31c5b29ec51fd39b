/**
 * Text encoding of an import file, detected from its first bytes: UTF-8 (with or without a
 * byte-order mark) or GBK, decoded as GB18030 (its superset). The user is never asked.
 */
import iconv from "iconv-lite";

export type TextEncoding = "utf8-bom" | "utf8" | "gb18030";

/** Bytes to look at before deciding; more when the start is plain ASCII. */
export const SNIFF_BYTES = 64 * 1024;
/** Upper bound on how far detection looks for a non-ASCII byte. */
export const SNIFF_MAX_BYTES = 1024 * 1024;

/**
 * Decides the encoding from a prefix of the file. A BOM means UTF-8; otherwise the prefix is
 * UTF-8 when it decodes strictly (an incomplete character at the cut is allowed), else GBK.
 * @example detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])) // "utf8-bom"
 */
export function detectEncoding(prefix: Uint8Array): TextEncoding {
  if (prefix.length >= 3 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf)
    return "utf8-bom";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(prefix, { stream: true });
    return "utf8";
  } catch {
    return "gb18030";
  }
}

/** True when the detection has seen enough: a non-ASCII byte plus some context, or the cap. */
export function sniffComplete(prefix: Uint8Array): boolean {
  if (prefix.length >= SNIFF_MAX_BYTES) return true;
  if (prefix.length < 3) return false;
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return true;
  const firstHigh = prefix.findIndex((b) => b >= 0x80);
  return firstHigh >= 0 && prefix.length >= Math.min(firstHigh + 4096, SNIFF_BYTES);
}

/** A streaming decoder: `write` may be called with arbitrary cuts through characters. */
export interface StreamDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

/** Creates a decoder for `encoding`; the BOM of `utf8-bom` is dropped. */
export function createDecoder(encoding: TextEncoding): StreamDecoder {
  if (encoding === "gb18030") {
    const d = iconv.getDecoder("gb18030");
    return {
      write: (chunk) => d.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      end: () => d.end() ?? "",
    };
  }
  const d = new TextDecoder("utf-8", { ignoreBOM: false });
  return {
    write: (chunk) => d.decode(chunk, { stream: true }),
    end: () => d.decode(),
  };
}
