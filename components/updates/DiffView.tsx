import type { DiffParagraph } from "@/lib/updates/diff";

/**
 * Marked words of a comparison. <ins> and <del> carry the meaning for assistive technology that reads
 * them, and a visually hidden prefix says it for the screen readers that do not announce them; the
 * marks are underline and strike-through as well as colour.
 */
export function DiffParts({ parts }: { parts: DiffParagraph }) {
  return (
    <>
      {parts.map((part, i) => {
        const key = `${i}-${part.kind}`;
        if (part.kind === "same") return <span key={key}>{part.text}</span>;
        // Spaces around a changed run stay outside its mark, so the mark covers words only.
        const [, before = "", words = "", after = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(part.text) ?? [];
        const Mark = part.kind === "insert" ? "ins" : "del";
        return (
          <span key={key}>
            {before}
            <Mark className={part.kind === "insert" ? "diff-ins" : "diff-del"}>
              <span className="sr-only">{part.kind === "insert" ? "[added: " : "[removed: "}</span>
              {words}
              <span className="sr-only">]</span>
            </Mark>
            {after}
          </span>
        );
      })}
    </>
  );
}

export function DiffBody({ paragraphs }: { paragraphs: DiffParagraph[] }) {
  return (
    <div className="max-w-[68ch] space-y-4 font-serif text-lg leading-relaxed">
      {paragraphs.map((parts, i) => (
        // Paragraphs have no identity of their own beyond their place in the comparison.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is rendered once, never reordered
        <p key={i}>
          <DiffParts parts={parts} />
        </p>
      ))}
    </div>
  );
}
