/**
 * Dates as feeds write them. Two families cover nearly every feed:
 * - W3C-DTF / ISO 8601 (Atom, Dublin Core): "2026-11-30T10:00:00+01:00", and the reduced forms the
 *   W3C profile allows: "2026-11-30", "2026-11", "2026".
 * - RFC 822 and its many variations (RSS): weekday optional, day and month in either order, named
 *   months in full or short, two- or four-digit years, seconds optional, a.m./p.m., and zones as
 *   numbers or names (US and European names, military letters).
 * A string with anything else in it is refused rather than guessed at: a wrong date is worse than the
 * time of ingest.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAMES = new Set([
  "january",
  "february",
  "march",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
]);
const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?$/;

// Zone names in minutes east of UTC. The US names are what RFC 822 defines; ET, CT, MT and PT (no
// standard/daylight letter) are read as standard time, as RFC 822-era feed readers do.
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  met: 60,
  mez: 60,
  cest: 120,
  mest: 120,
  mesz: 120,
  metdst: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  nst: -210,
  ndt: -150,
  ast: -240,
  adt: -180,
  at: -240,
  est: -300,
  edt: -240,
  et: -300,
  cst: -360,
  cdt: -300,
  ct: -360,
  mst: -420,
  mdt: -360,
  mt: -420,
  pst: -480,
  pdt: -420,
  pt: -480,
  akst: -540,
  akdt: -480,
  hst: -600,
};

/**
 * Military zone letters as RFC 822 defines them (A = -1 ... M = -12, N = +1 ... Y = +12, no J). RFC 1123
 * later noted these signs are the reverse of military usage, but feeds that use the letters follow the
 * RFC 822 text, and so do the feed readers their authors test with.
 */
function militaryZone(letter: string): number | undefined {
  const c = letter.charCodeAt(0) - 96; // a = 1
  if (letter.length !== 1 || letter === "j" || letter === "z" || c < 1 || c > 25) return undefined;
  if (c <= 13) return -(c > 10 ? c - 1 : c) * 60; // a..i = 1..9, k..m = 10..12
  return (c - 13) * 60; // n..y = 1..12
}

function numericOffset(sign: string, hh: string, mm = "0"): number {
  const minutes = Number(hh) * 60 + Number(mm);
  return sign === "-" ? -minutes : minutes;
}

function utc(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millis = 0,
  offsetMinutes = 0,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute > 0 || second > 0)) return null;
  // Date.UTC rolls 31 April over into May; a feed that says 31 April is wrong, not early May.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  return new Date(ms - offsetMinutes * 60_000);
}

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

// ISO 8601 basic format: 20261130, 20261130T101455Z.
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function parseIso(text: string): Date | null | undefined {
  const m = ISO.exec(text) ?? ISO_BASIC.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let offset = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!z) return null;
    offset = numericOffset(z[1] ?? "+", z[2] ?? "0", z[3]);
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return utc(Number(y), Number(mo ?? 1), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, offset);
}

function twoDigitYear(y: number): number {
  // RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999.
  return y < 50 ? 2000 + y : 1900 + y;
}

/** RFC 822 and its relatives, token by token; undefined when a token makes no sense as part of a date. */
function parseWords(text: string): Date | null {
  const tokens = text
    .toLowerCase()
    .replace(/[,]/g, " ")
    .replace(/\(([a-z]+)\)/g, " $1 ") // "-0500 (EST)": a comment naming the zone
    .replace(/([a-z])-(\d)|(\d)-([a-z])/g, "$1$3 $2$4") // "30-Nov-2026"
    .split(/\s+/)
    .filter(Boolean);
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let time: { h: number; m: number; s: number } | undefined;
  let meridiem: "am" | "pm" | undefined;
  let offset: number | undefined;
  const pendingNumbers: string[] = [];

  for (const raw of tokens) {
    const t = /^[ap]\.m\.$/.test(raw) ? raw : raw.replace(/\.$/, "");
    if (WEEKDAY.test(t)) continue;
    if (t === "at" || t === "the" || t === "of") continue;
    const monthKey = t.slice(0, t.startsWith("sept") ? 4 : 3);
    if (month === undefined && /^[a-z]+$/.test(t) && MONTHS[monthKey] && (t.length <= 4 || MONTH_NAMES.has(t))) {
      month = MONTHS[monthKey];
      continue;
    }
    const clock = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?(z|[+-]\d{2}:?\d{2})?$/.exec(t);
    if (clock && !time) {
      time = { h: Number(clock[1]), m: Number(clock[2]), s: Number(clock[3] ?? 0) };
      if (clock[4])
        offset = clock[4] === "z" ? 0 : numericOffset(clock[4][0] ?? "+", clock[4].slice(1, 3), clock[4].slice(-2));
      continue;
    }
    if (/^(?:am|pm|a\.m\.|p\.m\.)$/.test(t)) {
      meridiem = t.startsWith("a") ? "am" : "pm";
      continue;
    }
    const num = /^([+-])(\d{2}):?(\d{2})$/.exec(t);
    if (num) {
      // A number after a name ("EDT -0400") only repeats it; the first one given wins.
      offset ??= numericOffset(num[1] ?? "+", num[2] ?? "0", num[3]);
      continue;
    }
    const named = /^(gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
    if (named?.[1] && offset === undefined) {
      offset = numericOffset(named[2] ?? "+", named[3] ?? "0", named[4]);
      continue;
    }
    if (t in ZONES) {
      // A name after a number ("-0500 (EST)") only repeats it.
      offset ??= ZONES[t];
      continue;
    }
    const military = militaryZone(t);
    if (military !== undefined && time) {
      offset ??= military;
      continue;
    }
    const ordinal = /^(\d{1,4})(?:st|nd|rd|th)?$/.exec(t);
    if (ordinal?.[1]) {
      pendingNumbers.push(ordinal[1]);
      continue;
    }
    const slashed = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(t);
    if (slashed && year === undefined) {
      year = Number(slashed[1]);
      month = Number(slashed[2]);
      day = Number(slashed[3]);
      continue;
    }
    return null;
  }

  // The bare numbers are a day and a year, in either order: a 4-digit one or one over 31 is the year.
  for (const n of pendingNumbers) {
    const v = Number(n);
    if (n.length === 4 || v > 31 || (day !== undefined && year === undefined)) {
      if (year !== undefined) return null;
      year = n.length <= 2 ? twoDigitYear(v) : v;
    } else if (day === undefined) {
      day = v;
    } else return null;
  }
  if (day === undefined || month === undefined || year === undefined) return null;
  let hour = time?.h ?? 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  }
  return utc(year, month, day, hour, time?.m ?? 0, time?.s ?? 0, 0, offset ?? 0);
}

// Localised forms some feed software writes, as feed readers have long accepted them.
const GREEK_MONTHS: Record<string, string> = {
  ιαν: "jan",
  φεβ: "feb",
  φεβρ: "feb",
  μάρ: "mar",
  μαρ: "mar",
  μάώ: "mar",
  απρ: "apr",
  μάι: "may",
  μαι: "may",
  μαϊ: "may",
  μαΐ: "may",
  ιούν: "jun",
  ιουν: "jun",
  ιον: "jun",
  ιούλ: "jul",
  ιουλ: "jul",
  ιολ: "jul",
  αύγ: "aug",
  αυγ: "aug",
  σεπ: "sep",
  οκτ: "oct",
  νοέ: "nov",
  νοε: "nov",
  δεκ: "dec",
};
const GREEK_WEEKDAYS = new Set(["κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ"]);
const HUNGARIAN_MONTHS = [
  "január",
  "február",
  "március",
  "április",
  "május",
  "június",
  "július",
  "augusztus",
  "szeptember",
  "október",
  "november",
  "december",
];

/** Korean (2004년 05월 28일 01:31:15, or 2004-05-25 오후 11:23:17, both Korean time), Greek and Hungarian. */
function fromLocalised(text: string): string | undefined {
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (onblog) {
    const [, y, mo, d, h, mi, sec] = onblog;
    return `${y}-${mo?.padStart(2, "0")}-${d?.padStart(2, "0")}T${h?.padStart(2, "0")}:${mi}:${sec ?? "00"}+09:00`;
  }
  const nate = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (nate) {
    const [, y, mo, d, half, h, mi, sec] = nate;
    const hour = (Number(h) % 12) + (half === "오후" ? 12 : 0);
    return `${y}-${mo}-${d}T${String(hour).padStart(2, "0")}:${mi}:${sec ?? "00"}+09:00`;
  }
  const lower = text.toLowerCase();
  if (/[α-ωά-ώ]/.test(lower)) {
    return lower
      .split(/(\s+|,)/)
      .filter((t) => !GREEK_WEEKDAYS.has(t))
      .map((t) => GREEK_MONTHS[t] ?? t)
      .join("")
      .replace(/^[\s,]+/, "");
  }
  const hungarian = /^(\d{4})-([a-zá-ű]+)-(\d{1,2})(?:t(\d{1,2}):(\d{2})(?::(\d{2}))?(z|[+-]\d{2}:?\d{2})?)?$/.exec(
    lower,
  );
  if (hungarian) {
    const [, y, name, d, h, mi, sec, zone] = hungarian;
    const month = HUNGARIAN_MONTHS.indexOf(name ?? "") + 1;
    if (month < 1) return undefined;
    const date = `${y}-${String(month).padStart(2, "0")}-${d?.padStart(2, "0")}`;
    return h ? `${date}T${h.padStart(2, "0")}:${mi}:${sec ?? "00"}${zone?.toUpperCase() ?? ""}` : date;
  }
  return undefined;
}

/**
 * A feed date to a Date, or null when there is no usable date in it. Bare numbers other than a year
 * are refused: "1700000000" would otherwise be read as a far-future date.
 */
export function parseFeedDate(raw: string | undefined | null): Date | null {
  const text = raw?.replace(/\s+/g, " ").trim();
  if (!text || text.length > 100) return null;
  if (/^\d+$/.test(text) && text.length !== 4 && text.length !== 8) return null;
  const localised = /[^\x00-\x7f]/.test(text) ? fromLocalised(text) : undefined;
  const plain = localised ?? text;
  const date = parseIso(plain) ?? parseWords(plain);
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1900 && year <= 9999 ? date : null;
}
