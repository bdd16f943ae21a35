import { describe, expect, it } from "vitest";
import { firstImage, hasMeaningfulMarkup, htmlToText, sanitizeArticleHtml, sanitizedHtmlToText } from "./sanitize";

const BASE = "https://news.example/world/story.html";
const clean = (html: string) => sanitizeArticleHtml(html, BASE);

describe("sanitizeArticleHtml with hostile HTML", () => {
  it("drops scripts, styles and their content", () => {
    const out = clean('<p>Hello</p><script>alert("x")</script><style>p{display:none}</style><noscript>no</noscript>');
    expect(out).toBe("<p>Hello</p>");
  });

  it("drops event handlers, style, class and id attributes", () => {
    const out = clean(
      '<p onclick="steal()" onmouseover="x()" style="position:fixed" class="a" id="b">Text</p><img src="a.png" onerror="alert(1)" alt="A">',
    );
    expect(out).toBe('<p>Text</p><img alt="A" src="https://news.example/world/a.png" />');
    expect(out).not.toMatch(/on\w+=|style=|class=|id=/);
  });

  it("removes javascript:, vbscript: and data: URLs, however they are disguised", () => {
    const hostile = [
      '<a href="javascript:alert(1)">a</a>',
      '<a href="JaVaScRiPt:alert(1)">b</a>',
      '<a href="jav&#x09;ascript:alert(1)">c</a>',
      '<a href="&#106;avascript:alert(1)">d</a>',
      '<a href=" javascript:alert(1)">e</a>',
      '<a href="vbscript:msgbox(1)">f</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">g</a>',
      '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="h">',
      '<img src="javascript:alert(1)" alt="i">',
    ].join("");
    const out = clean(hostile);
    expect(out).not.toMatch(/javascript|vbscript|data:/i);
    // The links survive as text without an href; images without a usable source are removed.
    expect(out).toContain(">a</a>");
    expect(out).not.toContain("<img");
  });

  it("removes iframes, objects, embeds, forms and their content", () => {
    const out = clean(
      '<p>Before</p><iframe src="https://evil.example/">fallback</iframe><object data="x.swf">obj</object><embed src="y"><form action="/steal"><input name="pw"><button>Go</button></form><p>After</p>',
    );
    expect(out).toBe("<p>Before</p><p>After</p>");
  });

  it("defuses SVG and MathML tricks", () => {
    const out = clean(
      '<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)"><text>click</text></a><animate onbegin="alert(3)"/></svg><math><mtext><img src=x onerror=alert(4)></mtext></math><p>ok</p>',
    );
    expect(out).toBe("<p>ok</p>");
  });

  it("survives markup that tries to break out of attributes and comments", () => {
    const out = clean(
      '<p title="x" data-x=\'"><script>alert(1)</script>\'>t</p><!--><script>alert(2)</script>--><img alt="\\"><script>alert(3)</script>" src="https://img.example/p.jpg">',
    );
    expect(out).not.toContain("<script");
    expect(out).toContain('src="https://img.example/p.jpg"');
  });

  it("makes relative links and images absolute against the item's page", () => {
    const out = clean(
      '<a href="../sport/goal.html">goal</a> <a href="/about">about</a> <img src="//cdn.example/x.jpg" alt="X">',
    );
    expect(out).toContain('href="https://news.example/sport/goal.html"');
    expect(out).toContain('href="https://news.example/about"');
    expect(out).toContain('src="https://cdn.example/x.jpg"');
  });

  it("keeps images with their alt text (and an empty alt when there was none), preferring lazy-load sources", () => {
    const out = clean(
      '<img src="a.jpg" alt="Flooded street in the old town"><img src="b.jpg"><img src="blank.gif" data-src="real.jpg" alt="Real">',
    );
    expect(out).toContain('<img alt="Flooded street in the old town" src="https://news.example/world/a.jpg" />');
    expect(out).toContain('<img alt="" src="https://news.example/world/b.jpg" />');
    expect(out).toContain('<img alt="Real" src="https://news.example/world/real.jpg" />');
  });

  it("marks links nofollow and keeps mailto", () => {
    expect(clean('<a href="mailto:desk@news.example">mail</a>')).toBe(
      '<a rel="nofollow noopener noreferrer" href="mailto:desk@news.example">mail</a>',
    );
  });

  it("turns h1 into h2 so the page keeps a single h1", () => {
    expect(clean("<h1>Repeated headline</h1>")).toBe("<h2>Repeated headline</h2>");
  });
});

describe("plain text from HTML", () => {
  it("separates paragraphs with a blank line and decodes entities once", () => {
    const html = clean(
      "<h2>Heading</h2><p>Fish &amp; chips &lt;3</p><ul><li>One</li><li>Two</li></ul><p>Line<br>break</p>",
    );
    expect(sanitizedHtmlToText(html)).toBe("Heading\n\nFish & chips <3\n\nOne\n\nTwo\n\nLine\nbreak");
  });

  it("htmlToText cleans titles and leaves plain text alone", () => {
    expect(htmlToText("Bridge reopens after <b>two-year</b> repairs")).toBe("Bridge reopens after two-year repairs");
    expect(htmlToText("AT&T &amp; friends")).toBe("AT&T & friends");
    expect(htmlToText("  plain   title ")).toBe("plain title");
    expect(htmlToText("<script>alert(1)</script>Safe")).toBe("Safe");
  });

  it("knows when markup is worth keeping and finds the first image", () => {
    expect(hasMeaningfulMarkup("<p>Just text</p>")).toBe(false);
    expect(hasMeaningfulMarkup('<p>A <a href="https://x.example/">link</a></p>')).toBe(true);
    expect(firstImage(clean('<p>x</p><img src="/a.jpg?x=1&amp;y=2" alt="">'))).toBe(
      "https://news.example/a.jpg?x=1&y=2",
    );
  });
});
