import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError } from "./csv.ts";

function parseAll(text: string, chunk = 1): string[][] {
  const p = new CsvParser();
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  out.push(...p.end());
  return out;
}

describe("CsvParser", () => {
  const text = 'a,"b ",c\r\n"1,2","say ""hi""","line1\r\nline2\nline3"\r\nx,,\n"",y,"z"';
  const expected = [
    ["a", "b ", "c"],
    ["1,2", 'say "hi"', "line1\r\nline2\nline3"],
    ["x", "", ""],
    ["", "y", "z"],
  ];
  it("parses RFC 4180 records: quoted commas, doubled quotes, CRLF and LF inside fields", () => {
    expect(parseAll(text, text.length)).toEqual(expected);
  });
  it("gives the same records whatever the chunk cuts", () => {
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parseAll(text, size)).toEqual(expected);
  });
  it("keeps a trailing comma as one more empty field and skips blank lines", () => {
    expect(parseAll('"a","b",\r\n\r\n"c","d",\r\n', 4)).toEqual([
      ["a", "b", ""],
      ["c", "d", ""],
    ]);
  });
  it("keeps the Excel guard of an unquoted field", () => {
    expect(parseAll('="351",x\n', 100)).toEqual([['="351"', "x"]]);
  });
  it("refuses an unterminated quote", () => {
    expect(() => parseAll('a,"b\n', 100)).toThrow(CsvSyntaxError);
  });
});
