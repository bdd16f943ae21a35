import { Parser } from "htmlparser2";
import { IngestError } from "./errors";

/**
 * The lenient half of feed parsing. When a document is not well-formed XML, htmlparser2 (in XML mode,
 * the tolerant tokenizer behind sanitize-html) reads it the way a browser would, and we rebuild a
 * well-formed document from what it could read, for the strict parser to map. Only parts that were
 * read whole are kept: an item is dropped when any element inside it was never closed (its text would
 * have swallowed its neighbours) or when the document ends inside it. What is kept is exactly what the
 * feed said: entity references are passed through untouched (so HTML named entities still map to
 * characters downstream), and only a bare "&" or "<" that cannot start markup is escaped.
 */

type Element = {
  name: string;
  attrs: [string, string][];
  children: Child[];
  /** Offset of the opening "<" in the text, for line numbers. */
  start: number;
  /** Why this element cannot be trusted, when it cannot. */
  damage?: string;
  /** Set on an item or entry whose own end tag is missing: harmless when its children are whole. */
  unclosed?: boolean;
  /** Inside a text field (a description with unescaped HTML): HTML rules, repaired by the sanitizer. */
  inHtml?: boolean;
};
type Child = Element | { text: string } | { cdata: string };

export type SalvagedXml = {
  /** A well-formed document, or "" when no feed root element could be found. */
  xml: string;
  /** Items dropped, with where and why. */
  skipped: { item: string; reason: string }[];
  /** Items kept. */
  kept: number;
  /** The 1-based place in the original document of each item kept, in order. */
  positions: number[];
  /** Channel-level elements dropped (a feed title that was never closed...). */
  dropped: string[];
};

const MAX_DEPTH = 500;

// Fields whose content is text or escaped HTML. Unescaped HTML inside one (<description>Hi<br>there
// </description>, a top cause of ill-formed feeds) is kept as HTML: it is written back as CDATA, and its
// unclosed tags are the HTML sanitizer's business, not damage. Atom constructs of type="xhtml" stay XML.
const TEXT_FIELDS = new Set([
  "title",
  "description",
  "summary",
  "subtitle",
  "content",
  "content:encoded",
  "atom:title",
  "atom:summary",
  "atom:content",
  "dc:title",
  "dc:description",
  "media:title",
  "media:description",
  "itunes:summary",
  "itunes:subtitle",
]);
// An unclosed text field that swallowed one of these has eaten its neighbours: its item is not whole.
const ITEM_FIELDS = new Set([
  "title",
  "link",
  "guid",
  "pubdate",
  "description",
  "category",
  "author",
  "enclosure",
  "comments",
  "source",
  "encoded",
  "creator",
  "date",
  "id",
  "updated",
  "published",
  "summary",
  "content",
]);
const HTML_VOID = new Set([
  "br",
  "img",
  "hr",
  "input",
  "meta",
  "link",
  "source",
  "wbr",
  "area",
  "col",
  "embed",
  "param",
]);

/** Whether markup inside this element is HTML or XHTML content, where HTML's looser rules apply. */
function holdsMarkup(el: Element): boolean {
  const name = el.name.toLowerCase();
  return TEXT_FIELDS.has(name) || name === "xhtml:body" || name === "body";
}

function isTextField(el: Element): boolean {
  if (!TEXT_FIELDS.has(el.name.toLowerCase())) return false;
  return !el.attrs.some(([k, v]) => k === "type" && v.trim().toLowerCase() === "xhtml");
}

function hasElementChild(el: Element, names?: Set<string>): boolean {
  return el.children.some((c) => "name" in c && (!names || names.has(localName(c.name)) || hasElementChild(c, names)));
}

/** Children of a text field as HTML, exactly as written (entities included): the sanitizer reads it later. */
function asHtml(children: Child[]): string {
  return children
    .map((c) => {
      if (!("name" in c)) return "cdata" in c ? c.cdata : c.text;
      const attrs = c.attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`).join("");
      // XML mode nests what follows an unclosed <br> or <img> inside it; in HTML it follows it.
      if (HTML_VOID.has(c.name.toLowerCase())) return `<${c.name}${attrs}>${asHtml(c.children)}`;
      return `<${c.name}${attrs}>${asHtml(c.children)}</${c.name}>`;
    })
    .join("");
}
const CONTAINERS = new Set(["rss", "channel", "feed", "rdf"]);
const ITEMS = new Set(["item", "entry"]);

function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1).toLowerCase();
}

// XML 1.0 forbids these characters anywhere; a stray one is the most common "stray byte" damage.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const BARE_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9a-fA-F]+);)/g;

function escapeText(raw: string): string {
  return raw
    .replace(INVALID_XML_CHARS, "")
    .replace(BARE_AMPERSAND, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function escapeAttribute(raw: string): string {
  return escapeText(raw).replace(/"/g, "&quot;");
}

function cdata(raw: string): string {
  return `<![CDATA[${raw.replace(INVALID_XML_CHARS, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

export function salvageXml(text: string): SalvagedXml {
  const lineStarts: number[] = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const document: Element = { name: "#document", attrs: [], children: [], start: 0 };
  // Mirrors htmlparser2's stack of open elements (innermost last); tree parents may differ (see below).
  const stack: Element[] = [document];
  let inCdata = false;
  let lastOpened: Element | undefined;

  const parser = new Parser(
    {
      onopentag(lowerName, attribs) {
        // Names are matched without regard to case (<Title>...</title> is a common slip), and written
        // back as the opening tag spelled them.
        const name = /^<([^\s/>]+)/.exec(text.slice(parser.startIndex, parser.startIndex + 200))?.[1] ?? lowerName;
        const el: Element = { name, attrs: Object.entries(attribs), children: [], start: parser.startIndex };
        // No feed nests this deep; a document that does is an attack on the recursive walk below.
        if (stack.length > MAX_DEPTH)
          throw new IngestError("malformed", `elements nested over ${MAX_DEPTH} deep at line ${lineOf(el.start)}`);
        let parent = stack[stack.length - 1] ?? document;
        if (parent.inHtml || (parent !== document && holdsMarkup(parent))) el.inHtml = true;
        if (ITEMS.has(localName(name))) {
          el.inHtml = false;
          // An item opened inside an unclosed element (a <title> or a previous <item> missing its end tag)
          // belongs to the nearest feed container: hoist it there, and judge what it escaped from.
          for (let i = stack.length - 1; i > 0; i--) {
            const open = stack[i];
            if (!open || CONTAINERS.has(localName(open.name))) {
              parent = open ?? document;
              break;
            }
            if (ITEMS.has(localName(open.name))) open.unclosed = true;
            else open.damage ??= `its <${open.name}> at line ${lineOf(open.start)} is not closed`;
          }
        }
        parent.children.push(el);
        stack.push(el);
        lastOpened = el;
      },
      ontext(data) {
        const top = stack[stack.length - 1] ?? document;
        top.children.push(inCdata ? { cdata: data } : { text: data });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      onclosetag(_name, isImplied) {
        const el = stack.pop();
        if (!el || !isImplied) return;
        // htmlparser2 reports the end of a self-closing tag (<enclosure ... />) as implied too.
        const selfClosing = el === lastOpened && text[parser.endIndex] === ">" && text[parser.endIndex - 1] === "/";
        if (selfClosing) return;
        if (CONTAINERS.has(localName(el.name)) || el.inHtml) return;
        if (ITEMS.has(localName(el.name))) {
          el.unclosed = true;
          return;
        }
        // Closed by its parent's end tag (<title>Story</item>): whole, unless it swallowed its neighbours.
        const swallowed = holdsMarkup(el) ? hasElementChild(el, ITEM_FIELDS) : hasElementChild(el);
        if (swallowed) el.damage ??= `its <${el.name}> at line ${lineOf(el.start)} is not closed`;
      },
    },
    {
      xmlMode: true,
      decodeEntities: false,
      recognizeSelfClosing: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: false,
    },
  );
  parser.write(text);
  // Whatever is still open now is cut off by the end of the document.
  const innermost = stack[stack.length - 1];
  for (const el of stack.slice(1)) {
    if (CONTAINERS.has(localName(el.name)) || el.inHtml || !innermost) continue;
    el.damage = `cut off: the document ends inside ${el === innermost ? "it" : `its <${innermost.name}>`} (line ${lineOf(innermost.start)})`;
  }
  parser.end();

  const root = document.children.find(
    (c): c is Element => "name" in c && CONTAINERS.has(localName(c.name)) && localName(c.name) !== "channel",
  );
  const result: SalvagedXml = { xml: "", skipped: [], kept: 0, positions: [], dropped: [] };
  if (!root) return result;

  let position = 0;
  const firstDamage = (el: Element): string | undefined => {
    for (const c of el.children) {
      if (!("name" in c)) continue;
      const found = c.damage ?? firstDamage(c);
      if (found) return found;
    }
    return undefined;
  };
  const serialize = (el: Element): string => {
    const local = localName(el.name);
    if (ITEMS.has(local)) {
      position++;
      const damage = el.damage ?? firstDamage(el);
      if (damage) {
        result.skipped.push({ item: `item ${position} (line ${lineOf(el.start)})`, reason: damage });
        return "";
      }
      result.kept++;
      result.positions.push(position);
    } else if (el.damage) {
      result.dropped.push(`<${el.name}> at line ${lineOf(el.start)}, which is not closed`);
      return "";
    }
    const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
    if (isTextField(el) && hasElementChild(el)) return `<${el.name}${attrs}>${cdata(asHtml(el.children))}</${el.name}>`;
    const inner = el.children
      .map((c) => ("name" in c ? serialize(c) : "cdata" in c ? cdata(c.cdata) : escapeText(c.text)))
      .join("");
    return `<${el.name}${attrs}>${inner}</${el.name}>`;
  };
  result.xml = serialize(root);
  return result;
}
