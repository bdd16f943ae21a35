import {
  EVENT_WORDS,
  KNOWN_ORGANISATIONS,
  KNOWN_PLACES,
  MONTHS_AND_DAYS,
  NOT_NAMES,
  ORGANISATION_WORDS,
  PERSON_TITLES,
  PLACE_ALIASES,
  PLACE_FIRST_WORDS,
  PLACE_LAST_WORDS,
  SPEECH_VERBS,
} from "./gazetteer";
import { isGenericWord } from "./generic-words";
import { wink } from "./wink";

export type EntityType = "person" | "place" | "organisation";
/**
 * `confidence` (0–1) says how sure the type is: a name typed by its form (a known place, "Ministry",
 * "Street") or by a cue around it (a title, a verb of speaking, "in") is sure; a run of capitalised
 * words that merely looks like a person's name, named once with nothing around it, is not
 * ("Aldermoor Civil Engineering", "Calderan No."). See MIN_TAG_CONFIDENCE.
 */
export type Entity = { name: string; type: EntityType; mentions: number; confidence: number };

/**
 * The confidence from which an entity is shown on the article page and may become a hashtag. Chosen on
 * the hand-labelled Wikinews articles (lib/nlp/entities.test.ts): precision of the entities kept rises
 * while most of the recall stays (figures in that test's output).
 */
export const MIN_TAG_CONFIDENCE = 0.4;

/** A word as the text wrote it: wink's tokens glued back where there was no space ("Brudzi"+"ń"+"ski"). */
type Word = { text: string; pos: string; sentenceStart: boolean; typed: boolean; dateline?: boolean };

// wink's own entity types that are never names.
const NON_NAME_TYPES = new Set(["DATE", "TIME", "DURATION", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "MEASURE"]);
// Joiners allowed inside a name when a capitalised word follows: "Bank of England", "Rue du Château du Roi".
const CONNECTORS = new Set([
  "of",
  "de",
  "des",
  "du",
  "del",
  "della",
  "la",
  "le",
  "von",
  "van",
  "der",
  "bin",
  "da",
  "&",
]);
const STRONG_PLACE_CUES = new Set(["in", "near", "across", "outside", "into", "from"]);
const WEAK_PLACE_CUES = new Set(["at", "to", "towards", "toward", "through", "visited", "visiting"]);

const lc = (s: string) => s.toLowerCase();
const isTitle = (w: string) =>
  lc(w)
    .replace(/\.$|-elect$/g, "")
    .split("-")
    .some((part) => PERSON_TITLES.has(part));
const isOrgWord = (w: string) => ORGANISATION_WORDS.has(lc(w));

function readWords(text: string): Word[] {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out();
  const pos = tokens.out(its.pos) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const typed = new Uint8Array(values.length);
  const entities = doc.entities();
  const types = entities.out(its.type) as string[];
  (entities.out(its.span) as unknown as [number, number][]).forEach(([a, b], k) => {
    if (NON_NAME_TYPES.has(types[k] ?? "")) for (let i = a; i <= b; i++) typed[i] = 1;
  });
  const starts = new Set((doc.sentences().out(its.span) as unknown as [number, number][]).map(([a]) => a));
  const out: Word[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? "";
    const prev = out[out.length - 1];
    // Glue pieces written as one word; a possessive "'s" and punctuation other than - and & stay apart.
    const glue =
      prev &&
      spaces[i] === "" &&
      !/^['’]s?$/.test(v) &&
      (/^[-&]$/.test(v) || /[-&]$/.test(prev.text) || (/\p{L}$/u.test(prev.text) && /^\p{L}/u.test(v)));
    if (glue) {
      prev.text += v;
      if (pos[i] === "PROPN") prev.pos = "PROPN";
      if (typed[i]) prev.typed = true;
      continue;
    }
    // A word right after an opening quote or bracket starts a sentence of its own for our purposes.
    const afterOpener = prev !== undefined && /^["“‘([]$/.test(prev.text) && spaces[i] === "";
    out.push({ text: v, pos: pos[i] ?? "X", sentenceStart: starts.has(i) || afterOpener, typed: typed[i] === 1 });
  }
  // A dateline ("PORTMERE, Caldera — ...") is a place written in capitals, not an acronym.
  for (let i = 0; i + 1 < out.length; i++) {
    const w = out[i];
    if (w && /^[A-Z]{4,}$/.test(w.text) && out[i + 1]?.text === "," && !/^[A-Z]{2,}$/.test(out[i - 1]?.text ?? "")) {
      w.text = w.text.charAt(0) + w.text.slice(1).toLowerCase();
      w.dateline = true;
    }
  }
  return out;
}

function isCapitalised(text: string): boolean {
  return /^\p{Lu}/u.test(text) || /^(?:al|el|bin|ibn)-\p{Lu}/u.test(text);
}

/** Could this word be part of a name? `lowerSeen` holds every lower-case word of the text. */
function nameLike(w: Word, lowerSeen: Set<string>): boolean {
  if (w.typed || !isCapitalised(w.text) || MONTHS_AND_DAYS.has(lc(w.text))) return false;
  if (/\d/.test(w.text)) return false;
  // "No." / "No" before a number is a rank ("the world No. 4"), never part of a name; nor is an adjective
  // made with a name ("Cup-winning", "Portmere-based").
  if (/^No\.?$/.test(w.text) || /-(?:winning|based|born|led|owned|run|made)$/i.test(w.text)) return false;
  if (w.sentenceStart) {
    // wink calls many sentence-initial words proper nouns ("Rescuers", "Writing"); the same word in
    // lower case elsewhere, or a gerund, settles it.
    return w.pos === "PROPN" && !lowerSeen.has(lc(w.text)) && !/ing$/.test(w.text);
  }
  // Mid-sentence, a capital is evidence enough: wink tags "Federal" or "Security" as adjective or noun.
  return w.pos !== "PRON" && w.pos !== "DET" && w.pos !== "ADP" && w.pos !== "CCONJ";
}

type Mention = { words: string[]; person: number; place: number; order: number };

function knownPlacePrefix(words: readonly string[]): number {
  for (let n = Math.min(4, words.length); n >= 1; n--) if (KNOWN_PLACES.has(lc(words.slice(0, n).join(" ")))) return n;
  return 0;
}

/** Splits a run of name words into mentions, peeling off titles, places in front and "of <place>" tails. */
function toMentions(run: string[], cues: { person: number; place: number }, order: number, out: Mention[]) {
  let words = run;
  // A body or place whose name holds a title word: "Portmere General Hospital", "Office of the President".
  const last = lc(words[words.length - 1] ?? "");
  if ((isOrgWord(last) || PLACE_LAST_WORDS.has(last)) && typeByForm(words) !== "skip") {
    out.push({ words, person: 0, place: cues.place, order });
    return;
  }
  // Trailing titles are not part of a name: "the New Jersey Governor's".
  // (Not from two words: "Michel Mayor" is a name.)
  while (words.length > 2 && isTitle(words[words.length - 1] ?? "")) words = words.slice(0, -1);
  // The last title word that leaves a name after it: "Hong Kong Chief Executive Carrie Lam".
  let t = -1;
  for (let k = 0; k < words.length - 1; k++) if (isTitle(words[k] ?? "")) t = k;
  if (t >= 0) {
    let s = 0;
    while (s < t && !isTitle(words[s] ?? "")) s++;
    // What stood before the title is often a place or a body: "Florida Governor Ron DeSantis".
    if (s > 0) toMentions(words.slice(0, s), { person: 0, place: 0 }, order, out);
    let rest = words.slice(t + 1);
    // "Minister of Information Moammar al-Eryani", "President of the United States Donald Trump".
    if (rest[0] === "of") {
      rest = rest.slice(rest[1] === "the" ? 2 : 1);
      const n = knownPlacePrefix(rest);
      if (n > 0) out.push({ words: rest.slice(0, n), person: 0, place: 1, order });
      else if (typeByForm(rest) !== null) {
        out.push({ words: rest, person: 0, place: 0, order });
        return;
      }
      // "Secretary of State": the words after "of" belong to the title; a name may follow them.
      rest = rest.slice(n > 0 ? n : rest.length > 2 ? 1 : rest.length);
    }
    if (rest.length > 0) toMentions(rest, { person: cues.person + 1, place: 0 }, order, out);
    return;
  }
  const form = typeByForm(words);
  if (form === null && words.length > 1) {
    // A name with a place in front, "Vermont Bernie Sanders", or a plural demonym, "Ethiopians Dejene Debela".
    const n = knownPlacePrefix(words);
    const cut = n > 0 && n <= words.length - 2 ? n : /(?:ians|eans)$/.test(words[0] ?? "") ? 1 : 0;
    if (cut > 0) {
      if (n > 0) out.push({ words: words.slice(0, n), person: 0, place: cues.place, order });
      toMentions(words.slice(cut), { person: cues.person, place: 0 }, order, out);
      return;
    }
    // Joined by "of"/"for"/"and" but neither a body nor a place as a whole: "Brigid Kosgei of Kenya".
    const c = words.findIndex((w, k) => k > 0 && /^(?:of|for|and|the|&)$/.test(w));
    if (c > 0) {
      toMentions(words.slice(0, c), cues, order, out);
      let r = c + 1;
      while (r < words.length && (CONNECTORS.has(words[r] ?? "") || words[r] === "the")) r++;
      if (r < words.length) toMentions(words.slice(r), { person: 0, place: words[c] === "of" ? 1 : 0 }, order, out);
      return;
    }
  }
  out.push({ words, person: cues.person, place: cues.place, order });
}

function mentions(ws: Word[], lowerSeen: Set<string>): Mention[] {
  const out: Mention[] = [];
  const text = (k: number) => ws[k]?.text ?? "";
  let i = 0;
  while (i < ws.length) {
    const w = ws[i];
    if (!w || !nameLike(w, lowerSeen)) {
      i++;
      continue;
    }
    const run: string[] = [w.text];
    let j = i + 1;
    for (;;) {
      const next = ws[j];
      if (!next) break;
      if (nameLike(next, lowerSeen) && !next.sentenceStart) {
        run.push(next.text);
        j++;
        continue;
      }
      // A joiner, optionally "the", then a name word: "Court of Appeals for the Third Circuit".
      const joiner = lc(next.text);
      const k = text(j + 1) === "the" ? j + 2 : j + 1;
      const after = ws[k];
      const orgSoFar = run.some(isOrgWord);
      // "and" continues a name only inside one: "Centers for Disease Control and Prevention", "Pacific Gas
      // and Electric"; after a complete body ("... Service and London Fire Brigade") it starts another.
      const andInside =
        !isOrgWord(run[run.length - 1] ?? "") &&
        (run.includes("of") || run.includes("for") || (after !== undefined && isOrgWord(after.text)));
      const allowed =
        CONNECTORS.has(joiner) ||
        (joiner === "for" && orgSoFar) ||
        (joiner === "and" && andInside) ||
        (joiner === "in" && EVENT_WORDS.has(lc(run[run.length - 1] ?? "")) && !KNOWN_PLACES.has(lc(after?.text ?? "")));
      if (allowed && after && nameLike(after, lowerSeen) && !after.sentenceStart) {
        for (let m = j; m <= k; m++) run.push(text(m));
        j = k + 1;
        continue;
      }
      break;
    }
    // All-capital words next to each other are shouting ("I WON THIS ELECTION"), not acronyms.
    const shouting = run.length === 1 && /^[A-Z]{2,}$/.test(w.text) && /^[A-Z]{2,}$/.test(text(j) || text(i - 1));
    if (!shouting) toMentions(run, contextCues(ws, i, j, lowerSeen), out.length, out);
    i = j;
  }
  return out;
}

/** Evidence from the words around a run [i, j): a verb of speaking for a person, a preposition for a place. */
function contextCues(ws: Word[], i: number, j: number, lowerSeen: Set<string>) {
  const at = (k: number) => lc(ws[k]?.text ?? "");
  let person = 0;
  let place = 0;
  if (SPEECH_VERBS.has(at(j)) || (SPEECH_VERBS.has(at(i - 1)) && !/^(?:the|a|an|has|have|had)$/.test(at(i - 2))))
    person++;
  if (at(j) === "," && /^(?:who|aged)$/.test(at(j + 1))) person += 2;
  if (ws[i]?.dateline) place += 2;
  if (STRONG_PLACE_CUES.has(at(i - 1))) place += 2;
  else if (WEAK_PLACE_CUES.has(at(i - 1))) place++;
  if (/^(?:city|town|village|province|state|region|capital)$/.test(at(i - 2)) && at(i - 1) === "of") place += 2;
  // A region named as the setting of something in it: "the Valdren town of Hallowick", "the Ost valley".
  if (
    at(i - 1) === "the" &&
    /^(?:town|city|village|hills|valley|coast|region|province|countryside|border|mountains|plain|delta|uplands)$/.test(
      at(j),
    )
  )
    place += 2;
  // "Koszalin, Poland", "Winchester, Hampshire, England": a comma and then a known place.
  if (at(j) === ",") {
    const next = [ws[j + 1], ws[j + 2]].filter((x): x is Word => !!x && nameLike(x, lowerSeen)).map((x) => x.text);
    if (KNOWN_PLACES.has(lc(next[0] ?? "")) || KNOWN_PLACES.has(lc(next.join(" ")))) place += j - i === 1 ? 2 : 1;
  }
  return { person, place };
}

const ACRONYM =
  /^(?:[A-Z]{2,6}(?:-[A-Z]{2,6})?|[A-Z](?:[.&][A-Z])+\.?|[A-Z]+&[A-Z]+|(?=.*[a-z])[A-Z][a-z]?[A-Z][A-Za-z]*)$/;

/** The type a name has whatever its context, "skip" when it is not an entity, null when context decides. */
function typeByForm(words: readonly string[]): EntityType | "skip" | null {
  const whole = lc(words.join(" "));
  const first = lc(words[0] ?? "");
  const last = lc(words[words.length - 1] ?? "");
  if (NOT_NAMES.has(whole) || words.every(isTitle) || MONTHS_AND_DAYS.has(whole)) return "skip";
  if (KNOWN_PLACES.has(whole) || PLACE_ALIASES.has(whole)) return "place";
  if (KNOWN_ORGANISATIONS.has(whole)) return "organisation";
  if (EVENT_WORDS.has(first) || EVENT_WORDS.has(last)) return "skip";
  if (words.length === 1 && isOrgWord(whole)) return "skip";
  if (PLACE_LAST_WORDS.has(last) && words.length > 1) return "place";
  if (isOrgWord(last)) return "organisation";
  if (words.some(isOrgWord) || words.includes("for")) return "organisation";
  if (PLACE_FIRST_WORDS.has(first) && words.length > 1) return "place";
  for (let n = 2; n < words.length; n++)
    if (KNOWN_ORGANISATIONS.has(lc(words.slice(-n).join(" ")))) return "organisation";
  if (words.length > 1 && KNOWN_ORGANISATIONS.has(last)) return "organisation";
  if (words.length === 2 && /^(?:north|south|east|west|northern|southern|eastern|western|central)$/.test(first))
    if (KNOWN_PLACES.has(last)) return "place";
  // A city and a plural: "Los Angeles Lakers", "Charlotte Hornets".
  const n = knownPlacePrefix(words);
  if (n > 0 && n === words.length - 1 && /[^s]s$/.test(last)) return "organisation";
  if (words.length === 1 && ACRONYM.test(words[0] ?? "")) return "organisation";
  return null;
}

type Candidate = { words: string[]; mentions: number; person: number; place: number; first: number };
type Typed = Candidate & { type: EntityType; byForm?: boolean; folded?: number };

const isSubsequence = (short: readonly string[], long: readonly string[]) => {
  let k = 0;
  for (const w of long) if (k < short.length && lc(w) === lc(short[k] ?? "")) k++;
  return k === short.length;
};

function initials(words: readonly string[], all: boolean): string {
  return words
    .filter((w) => all || isCapitalised(w))
    .map((w) => (w === "&" || w === "and" ? "" : w.charAt(0)))
    .join("")
    .toUpperCase();
}

// A place name plus one of these is the same place ("Atlantic Ocean", "New York City"); plus anything
// else it is something in that place ("Cahors Cathedral").
const SAME_PLACE_WORDS = new Set([
  "ocean",
  "sea",
  "river",
  "lake",
  "island",
  "islands",
  "mountains",
  "bay",
  "strait",
  "desert",
  "peninsula",
  "valley",
  "county",
  "province",
  "region",
  "city",
  "state",
]);

/** Folds `from` into `into` when it is a shorter way of writing the same name of the same type. */
function sameName(from: Typed, into: Typed): boolean {
  if (from === into || from.type !== into.type) return false;
  const a = from.words.map(lc);
  const b = into.words.map(lc);
  // "Houthi" and "Houthis".
  if (a.length === b.length) return a.length === 1 && (`${a[0]}s` === b[0] || a[0] === `${b[0]}s`) && a[0] !== b[0];
  if (a.length > b.length) return false;
  if (from.type === "person") return isSubsequence(a, b);
  const prefix = b.slice(0, a.length).join(" ") === a.join(" ");
  if (a.length === 1 && ACRONYM.test(from.words[0] ?? "")) {
    const letters = (from.words[0] ?? "").replace(/[^A-Za-z]/g, "").toUpperCase();
    return letters === initials(into.words, false) || letters === initials(into.words, true) || prefix;
  }
  if (from.type === "place") return prefix && b.slice(a.length).every((w) => SAME_PLACE_WORDS.has(w));
  // "Expediency Council" in "Expediency Discernment Council", "Court of Appeals" in "Court of Appeals for ...".
  const suffix = b.slice(b.length - a.length).join(" ") === a.join(" ");
  return prefix || suffix || (a[a.length - 1] === b[b.length - 1] && isSubsequence(a, b));
}

/** Could these words be a person's name? Not if any of them is used as an ordinary word elsewhere in the text. */
function looksLikePersonName(words: readonly string[], lowerSeen: Set<string>): boolean {
  if (words.length < 2 || words.length > 4) return false;
  if (/(?:ian|ese|ish)$/.test(words[words.length - 1] ?? "")) return false;
  return words.every(
    (w) =>
      (CONNECTORS.has(w) || /^(?:(?:al|el|bin|ibn)-)?[\p{Lu}][\p{L}'’.-]*$/u.test(w)) &&
      !lowerSeen.has(lc(w)) &&
      !(/^[A-Z]{2,}$/.test(w) && w.length > 1),
  );
}

/**
 * People, places and organisations named in a text, most mentioned first. wink-nlp finds the proper
 * nouns, sentence starts and date or number spans; the type comes from the name's form (a known place,
 * an organisation word like "Ministry", a street suffix, an acronym), then from cues around its
 * mentions (a title or a verb of speaking for a person, "in"/"from" for a place). Shorter forms are
 * folded into the full name ("Trump" into "Donald Trump", "NHC" into "National Hurricane Center").
 * Names of one word with no cue at all are dropped: "Nestle said" could be a person or a company,
 * and a wrong label is worse than none.
 */
export function extractEntities(text: string): Entity[] {
  const ws = readWords(text);
  const lowerSeen = new Set<string>();
  for (const w of ws) if (/^\p{Ll}/u.test(w.text)) lowerSeen.add(w.text);
  const found = new Map<string, Candidate>();
  for (const m of mentions(ws, lowerSeen)) {
    const alias = PLACE_ALIASES.get(lc(m.words.join(" ")));
    const words = alias ? alias.split(" ") : m.words;
    const key = lc(words.join(" "));
    const c = found.get(key) ?? { words, mentions: 0, person: 0, place: 0, first: m.order };
    c.mentions++;
    c.person += m.person;
    c.place += m.place;
    found.set(key, c);
  }
  // "US Supreme Court" and "United States Supreme Court" are the "Supreme Court" the text also names.
  for (const [key, c] of found) {
    const n = knownPlacePrefix(c.words);
    const rest = found.get(lc(c.words.slice(n).join(" ")));
    if (n > 0 && n < c.words.length && rest && rest !== c && typeByForm(rest.words) === "organisation") {
      rest.mentions += c.mentions;
      found.delete(key);
    }
  }
  const typed: Typed[] = [];
  const singles: Candidate[] = [];
  for (const c of found.values()) {
    const form = typeByForm(c.words);
    if (form === "skip") continue;
    if (form) typed.push({ ...c, type: form, byForm: true });
    else if (c.words.length === 1) singles.push(c);
    // Two to four capitalised words with no organisation or place marker are, in news, nearly always a
    // person; only strong place evidence ("in", "near", ", Kenya") says otherwise.
    else if (c.place >= 2 && c.place > c.person + 1) typed.push({ ...c, type: "place" });
    else if (looksLikePersonName(c.words, lowerSeen)) typed.push({ ...c, type: "person" });
  }
  // Longest first, so "John Bolton" folds into "John R. Bolton" before "Bolton" looks for its owner.
  typed.sort((a, b) => b.words.length - a.words.length);
  const kept: Typed[] = [];
  const fold = (e: Typed): boolean => {
    // A word that is part of several names ("John" of two Johns) belongs to none of them.
    const owners = kept.filter((k) => sameName(e, k));
    const owner = owners.length === 1 ? owners[0] : undefined;
    if (!owner) return false;
    owner.mentions += e.mentions;
    owner.first = Math.min(owner.first, e.first);
    owner.folded = (owner.folded ?? 0) + 1;
    owner.person += e.person;
    return true;
  };
  for (const e of typed) if (!fold(e)) kept.push(e);
  for (const c of singles) {
    // A lone surname belongs to the full name it abbreviates, whatever the words around it suggested.
    if (fold({ ...c, type: "person" })) continue;
    if (c.person > 0 && c.person >= c.place) kept.push({ ...c, type: "person" });
    else if (c.place >= 2 && !/(?:ians|eans)$/.test(c.words[0] ?? "")) kept.push({ ...c, type: "place" });
  }
  const placeWords = new Set(kept.filter((e) => e.type === "place").map((e) => lc(e.words[0] ?? "")));
  return kept
    .sort((a, b) => b.mentions - a.mentions || a.first - b.first)
    .map((e) => ({
      name: e.words.join(" "),
      type: e.type,
      mentions: e.mentions,
      confidence: confidenceOf(e, placeWords),
    }));
}

/**
 * How sure the type is. A form (gazetteer, an organisation or place word) or a cue makes it sure. A
 * person's name with neither is taken on its looks, and loses that when a word of it is an everyday
 * word ("Civil", "Light", "Boats": names of bodies and things are made of them) or when it starts with
 * a place the text names ("Portmere Rovers"); being referred to again by a shorter form ("Sallis" after
 * "Mira Sallis"), as news writes about people, wins it back. A lone word is never sure: "Halcyon said"
 * could be a person or a company.
 */
function confidenceOf(e: Typed, placeWords: Set<string>): number {
  if (e.words.length === 1 && isGenericWord(e.words[0] ?? "")) return 0;
  if (e.byForm) return 0.9;
  if (e.type === "place") return e.place >= 2 ? 0.7 : 0.4;
  let c = e.words.length === 1 ? 0 : 0.4;
  if (e.person > 0) c += 0.3;
  if ((e.folded ?? 0) > 0) c += 0.3;
  if (e.words.some((w) => isGenericWord(w) && !CONNECTORS.has(w))) c -= 0.3;
  const first = lc(e.words[0] ?? "");
  if (e.words.length > 1 && (placeWords.has(first) || KNOWN_PLACES.has(first) || PLACE_ALIASES.has(first))) c -= 0.3;
  return Math.max(0, Math.min(1, Math.round(c * 10) / 10));
}
