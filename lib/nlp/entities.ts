import {
  EVENT_WORDS,
  KNOWN_ORGANISATIONS,
  KNOWN_PLACES,
  MONTHS_AND_DAYS,
  ORGANISATION_WORDS,
  PERSON_TITLES,
  PLACE_FIRST_WORDS,
  PLACE_LAST_WORDS,
  SPEECH_VERBS,
} from "./gazetteer";
import { wink } from "./wink";

export type EntityType = "person" | "place" | "organisation";
export type Entity = { name: string; type: EntityType; mentions: number };

/** A word as people write it: wink's tokens glued back where the text had no space ("Brudzi"+"ń"+"ski"). */
type Word = { text: string; pos: string; sentenceStart: boolean; typed: boolean; before: string; after: string };

// wink's own entity types that are never names.
const NON_NAME_TYPES = new Set(["DATE", "TIME", "DURATION", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "MEASURE"]);
// Joiners allowed inside a name when a capitalised word follows: "Bank of England", "Rue du Château du Roi".
const CONNECTORS = new Set(["of", "for", "de", "des", "du", "del", "della", "la", "le", "von", "van", "der", "bin", "al", "da", "&"]);
const PLACE_PREPOSITIONS = new Set(["in", "at", "from", "near", "to", "across", "outside", "towards", "toward", "into"]);

function words(text: string): Word[] {
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out();
  const pos = tokens.out(its.pos) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const typed = new Uint8Array(values.length);
  doc.entities().each((e) => {
    if (!NON_NAME_TYPES.has(e.out(its.type) as string)) return;
    const [a, b] = e.out(its.span) as unknown as [number, number];
    for (let i = a; i <= b; i++) typed[i] = 1;
  });
  const starts = new Set<number>();
  doc.sentences().each((s) => {
    starts.add((s.out(its.span) as unknown as [number, number])[0]);
  });
  const out: Word[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? "";
    const prev = out[out.length - 1];
    // Glue pieces the text wrote as one word; a possessive "'s" and punctuation other than - and & stay apart.
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
    out.push({ text: v, pos: pos[i] ?? "X", sentenceStart: starts.has(i), typed: typed[i] === 1, before: "", after: "" });
  }
  for (let i = 0; i < out.length; i++) {
    const w = out[i];
    if (!w) continue;
    w.before = out[i - 1]?.text.toLowerCase() ?? "";
    w.after = out[i + 1]?.text.toLowerCase() ?? "";
  }
  return out;
}

function isCapitalised(text: string): boolean {
  return /^\p{Lu}/u.test(text) || /^(?:al|el|bin|ibn|de|van|von)-\p{Lu}/u.test(text);
}

function nameLike(w: Word, lowerSeen: Set<string>): boolean {
  if (w.typed || !isCapitalised(w.text) || MONTHS_AND_DAYS.has(w.text.toLowerCase())) return false;
  if (/\d/.test(w.text) && !/^[A-Z]+-?\d+$/.test(w.text)) return false;
  if (w.pos === "PROPN") {
    // wink calls many sentence-initial words proper nouns ("Rescuers"); the same word in lower case elsewhere settles it.
    return !(w.sentenceStart && lowerSeen.has(w.text.toLowerCase()));
  }
  // A capitalised word mid-sentence that wink took for a noun or adjective ("Federal", "Security").
  return !w.sentenceStart && (w.pos === "NOUN" || w.pos === "ADJ" || w.pos === "X" || w.pos === "VERB");
}

type Mention = { words: string[]; person: boolean; placeCue: boolean; start: number };

/** Runs of name-like words, with leading titles split off (and counted as a cue for a person). */
function mentions(ws: Word[]): Mention[] {
  const lowerSeen = new Set<string>();
  for (const w of ws) if (/^\p{Ll}/u.test(w.text)) lowerSeen.add(w.text);
  const out: Mention[] = [];
  let i = 0;
  while (i < ws.length) {
    const w = ws[i];
    if (!w || !nameLike(w, lowerSeen)) {
      i++;
      continue;
    }
    const run: Word[] = [w];
    let j = i + 1;
    for (;;) {
      const next = ws[j];
      if (next && nameLike(next, lowerSeen) && !next.sentenceStart) {
        run.push(next);
        j++;
        continue;
      }
      // "of the United States": a connector, optionally "the", then a name word.
      const k = next && ws[j + 1]?.text === "the" ? j + 2 : j + 1;
      const after = ws[k];
      if (next && CONNECTORS.has(next.text.toLowerCase()) && after && nameLike(after, lowerSeen)) {
        for (let m = j; m <= k; m++) {
          const x = ws[m];
          if (x) run.push(x);
        }
        j = k + 1;
        continue;
      }
      break;
    }
    out.push(...splitTitles(run, i, ws));
    i = j;
  }
  return out;
}

function splitTitles(run: Word[], start: number, ws: Word[]): Mention[] {
  const texts = run.map((w) => w.text);
  const before = ws[start - 1]?.text.toLowerCase() ?? "";
  const after = ws[start + run.length]?.text.toLowerCase() ?? "";
  const after2 = ws[start + run.length + 1]?.text.toLowerCase() ?? "";
  const speech =
    SPEECH_VERBS.has(after) ||
    (SPEECH_VERBS.has(before) && !/^(?:the|a)$/.test(ws[start - 2]?.text.toLowerCase() ?? "")) ||
    (after === "," && /^(?:who|aged)$/.test(after2));
  const placeCue = PLACE_PREPOSITIONS.has(before);
  // The last title word that still leaves a name after it: "Hong Kong Chief Executive Carrie Lam".
  let t = -1;
  for (let k = 0; k < texts.length - 1; k++) if (PERSON_TITLES.has((texts[k] ?? "").replace(/\.$/, "").toLowerCase())) t = k;
  if (t < 0) return [{ words: texts, person: speech, placeCue, start }];
  const out: Mention[] = [];
  const prefix = texts.slice(0, t).filter((x, k) => !(k === t - 1 && PERSON_TITLES.has(x.toLowerCase())));
  // What stood before the title is often a place or body: "Florida Governor Ron DeSantis".
  if (prefix.length > 0 && !PERSON_TITLES.has((prefix[0] ?? "").toLowerCase()))
    out.push({ words: prefix, person: false, placeCue: false, start });
  let rest = texts.slice(t + 1);
  // "Minister of Information Moammar al-Eryani", "President of the United States Donald Trump".
  if (rest[0] === "of") {
    rest = rest.slice(rest[1] === "the" ? 2 : 1);
    let cut = 1;
    for (let n = Math.min(4, rest.length - 1); n >= 1; n--)
      if (KNOWN_PLACES.has(rest.slice(0, n).join(" ").toLowerCase())) {
        out.push({ words: rest.slice(0, n), person: false, placeCue: true, start });
        cut = n;
        break;
      }
    rest = rest.slice(cut);
  }
  if (rest.length > 0) out.push({ words: rest, person: true, placeCue: false, start: start + t + 1 });
  return out;
}

function lower(words: readonly string[]) {
  return words.join(" ").toLowerCase();
}

const ACRONYM = /^(?:[A-Z]{2,6}|[A-Z](?:[.&][A-Z])+\.?|[A-Z]+&[A-Z]+|[A-Z][a-z]?[A-Z][A-Za-z]*)$/;

/** The type a name has whatever its context, or null when the context must decide. */
function typeByForm(words: readonly string[]): EntityType | "skip" | null {
  const whole = lower(words);
  const first = (words[0] ?? "").toLowerCase();
  const last = (words[words.length - 1] ?? "").toLowerCase();
  if (EVENT_WORDS.has(first) || EVENT_WORDS.has(last) || MONTHS_AND_DAYS.has(whole)) return "skip";
  if (PERSON_TITLES.has(whole) || /\d/.test(whole.replace(/^interstate /, ""))) return "skip";
  if (KNOWN_PLACES.has(whole)) return "place";
  if (KNOWN_ORGANISATIONS.has(whole)) return "organisation";
  if (PLACE_LAST_WORDS.has(last) && words.length > 1) return "place";
  if (ORGANISATION_WORDS.has(last)) return "organisation";
  if (PLACE_FIRST_WORDS.has(first) && words.length > 1) return "place";
  if (words.some((w) => ORGANISATION_WORDS.has(w.toLowerCase()))) return "organisation";
  if (words.length === 1 && ACRONYM.test(words[0] ?? "")) return "organisation";
  return null;
}

type Candidate = { words: string[]; mentions: number; person: number; place: number; first: number; form: EntityType | null };

/**
 * People, places and organisations named in a text, most mentioned first. wink-nlp finds the proper
 * nouns, sentence starts and date or number spans; the type comes from the name's form (a known place,
 * an organisation word like "Ministry", a street suffix, an acronym), then from cues around its
 * mentions (a title or a verb of speaking for a person, "in"/"from" for a place). A lone surname is
 * folded into the full name it abbreviates ("Trump" into "Donald Trump"). Names of one word with no
 * cue at all are dropped: "Nestle said" could be a person or a company, and a wrong label is worse than none.
 */
export function extractEntities(text: string): Entity[] {
  const found = new Map<string, Candidate>();
  mentions(words(text)).forEach((m, order) => {
    const key = lower(m.words);
    const form = typeByForm(m.words);
    if (form === "skip") return;
    const c = found.get(key) ?? { words: m.words, mentions: 0, person: 0, place: 0, first: order, form };
    c.mentions++;
    if (m.person) c.person++;
    if (m.placeCue) c.place++;
    found.set(key, c);
  });

  const typed = new Map<string, { c: Candidate; type: EntityType }>();
  const single: Candidate[] = [];
  for (const [key, c] of found) {
    if (c.form) typed.set(key, { c, type: c.form });
    else if (c.words.length === 1) single.push(c);
    // Two to four capitalised words with no organisation or place marker are, in news, nearly always a name.
    else if (c.words.length <= 4 && c.words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w) || CONNECTORS.has(w)))
      typed.set(key, { c, type: c.place > c.person ? "place" : "person" });
  }
  // Fold a lone surname (or first name) into the one person it can only mean.
  const people = [...typed.values()].filter((t) => t.type === "person" && t.c.words.length > 1);
  for (const c of single) {
    const w = (c.words[0] ?? "").toLowerCase();
    const owners = people.filter((p) => p.c.words.some((x) => x.toLowerCase() === w));
    if (owners.length === 1 && owners[0]) {
      owners[0].c.mentions += c.mentions;
      continue;
    }
    if (c.person > 0 && c.person >= c.place) typed.set(w, { c, type: "person" });
    else if (c.place > 0) typed.set(w, { c, type: "place" });
  }
  // Also fold single-word orgs and places into a longer name of the same type that ends with them? No:
  // "Kenya" and "Kenya Airways" are different things. Only people get surname folding.
  return [...typed.values()]
    .sort((a, b) => b.c.mentions - a.c.mentions || a.c.first - b.c.first)
    .map(({ c, type }) => ({ name: c.words.join(" "), type, mentions: c.mentions }));
}
