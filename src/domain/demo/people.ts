/**
 * Demo people: Chinese names with a realistic surname mix, buyer nicks, regions weighted by
 * online-shopping population, addresses, phone numbers in the non-routable `1002` range and
 * e-mail addresses at reserved example domains.
 */
import {
  COMMUNITIES,
  FEMALE_CHARS,
  MALE_CHARS,
  NEUTRAL_CHARS,
  NICK_WORDS,
  PINYIN,
  PROVINCES,
  STREETS,
  SURNAMES,
} from "./data.ts";
import { type Rng, weightedPicker } from "./rng.ts";

/**
 * Demo phone numbers: `1002` followed by seven digits. No Chinese carrier assigns subscriber
 * numbers starting with `10` (that block holds carriers' short service codes), so these
 * numbers belong to nobody and fail every mobile-number check (`1[3-9]xxxxxxxxx`).
 */
export const DEMO_PHONE_PATTERN = /^1002\d{7}$/;
/** Reserved example domains (RFC 2606): mail to them never reaches a mailbox. */
export const DEMO_EMAIL_DOMAINS = ["example.com", "example.net", "example.org"] as const;

const drawSurname = weightedPicker(
  SURNAMES.map(([s]) => s),
  SURNAMES.map(([, w]) => w),
);
const drawProvince = weightedPicker(
  PROVINCES.map((p) => p),
  PROVINCES.map((p) => p.weight),
);
const cityPickers = new Map(
  PROVINCES.map((p) => [
    p.name,
    weightedPicker(
      p.cities.map((c) => c),
      p.cities.map(([, w]) => w),
    ),
  ]),
);

export interface Person {
  readonly name: string;
  readonly female: boolean;
  readonly nick: string;
  readonly phone: string;
  readonly email: string | null;
  readonly province: string;
  readonly city: string;
  readonly district: string;
  readonly address: string;
}

function chars(text: string, rng: Rng): string {
  return text[rng.int(0, text.length - 1)]!;
}

/** A 7-digit number unique for each index below 10 million (a bijection of the index). */
function scramble7(index: number, salt: number): string {
  return String((index * 7919 + salt) % 10_000_000).padStart(7, "0");
}

/** Makes the person with index `ref`; `taken` keeps buyer nicks unique. */
export function makePerson(rng: Rng, ref: number, salt: number, taken: Set<string>): Person {
  const female = rng.chance(0.66);
  const surname = drawSurname(rng);
  const pool = female ? FEMALE_CHARS : MALE_CHARS;
  const given = rng.chance(0.72)
    ? (rng.chance(0.15) ? chars(NEUTRAL_CHARS, rng) : chars(pool, rng)) + chars(pool, rng)
    : chars(pool, rng);
  const name = surname + given;

  const style = rng.next();
  let nick: string;
  let pinyin = "";
  if (style < 0.4) {
    nick = `tb${rng.int(100_000, 99_999_999)}${rng.chance(0.6) ? `_${rng.int(10, 99)}` : ""}`;
  } else if (style < 0.8) {
    pinyin = rng.pick(PINYIN) + rng.pick(PINYIN) + (rng.chance(0.5) ? rng.pick(PINYIN) : "");
    nick = `${pinyin}${rng.chance(0.5) ? rng.int(1975, 2008) : rng.int(1, 999)}`;
  } else {
    nick = `${rng.pick(NICK_WORDS)}${rng.int(1, 9999)}`;
  }
  if (taken.has(nick)) nick = `${nick}_${ref}`;
  taken.add(nick);

  const province = drawProvince(rng);
  const [city, , districts] = cityPickers.get(province.name)!(rng);
  const district = rng.pick(districts);
  const address = `${rng.pick(STREETS)}${rng.int(1, 999)}号${rng.pick(COMMUNITIES)}${rng.int(1, 30)}栋${rng.int(1, 3)}单元${rng.int(1, 32)}0${rng.int(1, 4)}`;
  const phone = `1002${scramble7(ref, salt)}`;
  const email = rng.chance(0.38)
    ? `${pinyin || rng.pick(PINYIN) + rng.pick(PINYIN)}${rng.int(1, 99999)}@${rng.pick(DEMO_EMAIL_DOMAINS)}`
    : null;
  return {
    name,
    female,
    nick,
    phone,
    email,
    province: province.name,
    city,
    district,
    address,
  };
}
