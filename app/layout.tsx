import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { HeaderSearch } from "@/components/HeaderSearch";
import { OfflineSupport } from "@/components/offline/OfflineSupport";
import { ReaderProvider } from "@/components/reader/ReaderContext";
import { ThemeToggle } from "@/components/ThemeToggle";
import { UserMenu } from "@/components/UserMenu";
import { MAX_QUERY_CHARS } from "@/lib/search/query";
import { SITE_DESCRIPTION, SITE_NAME, siteUrl } from "@/lib/site";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(siteUrl()),
  title: { default: `${SITE_NAME}: the news, and everything around it`, template: `%s · ${SITE_NAME}` },
  description: SITE_DESCRIPTION,
  alternates: { types: { "application/rss+xml": [{ url: "/feed.xml", title: `${SITE_NAME}: latest stories` }] } },
  openGraph: { siteName: SITE_NAME, type: "website" },
  twitter: { card: "summary" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#121316" },
  ],
};

// Applies the remembered theme before first paint, so a reader who chose dark never sees a light flash.
const themeScript = `try{var t=localStorage.getItem("theme");if(t==="dark"||t==="light")document.documentElement.dataset.theme=t}catch(e){}`;

function decodeHeaderValue(value: string | null): string {
  try {
    return decodeURIComponent(value ?? "");
  } catch {
    return "";
  }
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The proxy's per-request nonce: the only way an inline script runs under our CSP.
  const requestHeaders = await headers();
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  // Set by the proxy on /search only: the query the header's search box shows there.
  // Percent-encoded there, since a header value cannot carry every character a query can.
  const searchQuery = decodeHeaderValue(requestHeaders.get("x-search-query")).slice(0, MAX_QUERY_CHARS);
  return (
    <html lang="en" className={GeistSans.variable} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-bg font-sans text-fg antialiased">
        <ReaderProvider>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
          >
            Skip to content
          </a>
          <OfflineSupport />
          <header className="border-b border-border bg-surface">
            <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
              <Link href="/" className="text-xl font-bold tracking-tight">
                <span className="text-accent">●</span> {SITE_NAME}
              </Link>
              <nav aria-label="Main" className="flex gap-4 text-sm">
                <Link href="/" className="hover:underline">
                  Latest
                </Link>
                <Link href="/sources" className="hover:underline">
                  Sources
                </Link>
              </nav>
              <HeaderSearch initialQuery={searchQuery} />
              <div className="ml-auto flex flex-wrap items-center gap-3">
                <UserMenu />
                <ThemeToggle />
              </div>
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 outline-none">
            {children}
          </main>
          <footer className="mt-12 border-t border-border">
            <div className="mx-auto max-w-5xl space-y-2 px-4 py-6 text-sm text-muted">
              <p>
                {SITE_NAME} brings stories in from many outlets and ties each one to the coverage around it.{" "}
                {/* A feed is XML, not a page: a plain link, so the router neither prefetches it nor tries it first. */}
                <a href="/feed.xml" className="underline">
                  RSS feed
                </a>
              </p>
              <p>
                Sample content: the outlets, people and places in the demo stories are fictional, written by the{" "}
                {SITE_NAME} team so a fresh install has something to read. Imported stories keep their own credits.
              </p>
            </div>
          </footer>
        </ReaderProvider>
      </body>
    </html>
  );
}
