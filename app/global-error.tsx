"use client";

import { useEffect } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";
import "./globals.css";

/**
 * When the root layout itself fails, this replaces it, so it brings its own document and styles. The
 * layout's theme script is not here: the remembered theme is applied after load instead.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error("layout error", error);
    try {
      const theme = localStorage.getItem("theme");
      if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
    } catch {
      // Storage can be off; the system colour scheme still applies.
    }
  }, [error]);
  return (
    <html lang="en">
      <body className="min-h-screen bg-bg font-sans text-fg antialiased">
        <main className="mx-auto max-w-5xl px-4 py-6">
          <ErrorNotice error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
