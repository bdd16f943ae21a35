"use client";

import { useEffect } from "react";
import { ErrorNotice } from "@/components/ErrorNotice";

// A failed page keeps the site's header and footer (this sits inside the root layout), so every way
// around the site still works beside the notice.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // The server has logged the full error under this digest; the browser console gets what it was sent.
    console.error("page error", error);
  }, [error]);
  return <ErrorNotice error={error} retry={retry} />;
}
