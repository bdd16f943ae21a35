import { escapeXml } from "@/lib/publishing/rss";

type Exported = { title: string; href: string; savedAt: Date };

/** Netscape bookmark file, the format every browser imports. */
export function netscapeBookmarks(items: Exported[]): string {
  const rows = items
    .map(
      (i) =>
        `    <DT><A HREF="${escapeXml(i.href)}" ADD_DATE="${Math.floor(i.savedAt.getTime() / 1000)}">${escapeXml(i.title)}</A>`,
    )
    .join("\n");
  return `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
  <DT><H3>Tidings reading list</H3>
  <DL><p>
${rows}
  </DL><p>
</DL><p>
`;
}
