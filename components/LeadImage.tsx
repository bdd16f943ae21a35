import { IMAGE_CONTENT_TYPES, responsiveImage } from "@/lib/images/image-urls";

/**
 * Lead pictures, always from our own /images endpoint (the reader's browser never contacts the
 * outlet's image host). AVIF where the browser takes it, WebP otherwise; width/height attributes plus
 * a fixed box, so the page does not move when the picture arrives or when it never does (the box keeps
 * the surface colour of the theme).
 */

type Stored = { url: string; width: number | null; height: number | null };

function Picture({
  articleId,
  image,
  sizes,
  maxWidth,
  alt,
  className,
  priority = false,
}: {
  articleId: number;
  image: Stored;
  sizes: string;
  maxWidth: number;
  alt: string;
  className: string;
  priority?: boolean;
}) {
  const r = responsiveImage({ articleId, sourceUrl: image.url, width: image.width, height: image.height, maxWidth });
  return (
    <picture>
      <source type={IMAGE_CONTENT_TYPES.avif} srcSet={r.srcSet.avif} sizes={sizes} />
      <source type={IMAGE_CONTENT_TYPES.webp} srcSet={r.srcSet.webp} sizes={sizes} />
      <img
        src={r.src}
        srcSet={r.srcSet.webp}
        sizes={sizes}
        width={r.width}
        height={r.height}
        alt={alt}
        className={className}
        // The article's picture is the largest thing above the fold: fetch it first. Cards lower
        // down the list wait until they are near the viewport.
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : "auto"}
        decoding="async"
      />
    </picture>
  );
}

/** A small picture beside a story card's text. Decorative: the headline next to it says what it is. */
export function CardImage({ articleId, image }: { articleId: number; image: Stored }) {
  return (
    <div className="aspect-[3/2] w-24 shrink-0 overflow-hidden rounded-md bg-surface ring-1 ring-border sm:w-40">
      <Picture
        articleId={articleId}
        image={image}
        sizes="(min-width: 640px) 160px, 96px"
        maxWidth={640}
        alt=""
        className="h-full w-full object-cover"
      />
    </div>
  );
}

/** The picture at the top of an article, with its alt text and, under it, the credit. */
export function ArticleLeadImage({
  articleId,
  image,
  alt,
  credit,
}: {
  articleId: number;
  image: Stored;
  alt: string | null;
  credit: string | null;
}) {
  // A tall or square picture at full column width would push the story off the screen: its box is
  // narrowed (and centred) so it is at most 28rem high, keeping its own proportions. With no declared
  // size, the 16:9 box and object-contain do the same job.
  const maxWidth = image.width && image.height ? `${(28 * image.width) / image.height}rem` : undefined;
  return (
    <figure className="mx-auto mt-6" style={maxWidth ? { maxWidth } : undefined}>
      <Picture
        articleId={articleId}
        image={image}
        sizes="(min-width: 1024px) 664px, calc(100vw - 2rem)"
        maxWidth={1280}
        alt={alt ?? ""}
        className="h-auto max-h-[28rem] w-full rounded-lg bg-surface object-contain ring-1 ring-border"
        priority
      />
      {credit ? <figcaption className="mt-2 text-sm text-muted">{credit}</figcaption> : null}
    </figure>
  );
}
