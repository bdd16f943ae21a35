"use client";

import { useRouter } from "next/navigation";
import { useOptimistic, useState, useTransition } from "react";
import { topicAction, topicFormAction } from "@/app/(reader)/follow-actions";
import { READER_TOPIC_ATTR } from "@/lib/page-cache/reader-shell";
import { type TopicState, useTopicState } from "./ReaderContext";

type Choice = "follow" | "mute" | null;
type Props = { kind: "tag" | "source"; slug: string; name: string; returnTo: string; server: TopicState };

const buttonClass =
  "inline-flex items-center gap-1 rounded border border-border px-3 py-1 text-sm font-medium hover:border-fg aria-pressed:bg-fg aria-pressed:text-bg";

/**
 * Follow and Mute for a tag or outlet page. Without JavaScript each button is a form post that comes back
 * to this page; with it the choice flips at once, the page re-renders for the reader (a mute hides the
 * list), and a refusal rolls it back. On a cached page the state comes from the reader's embedded state.
 */
export function TopicControls({ kind, slug, server, ...rest }: Props) {
  const state = useTopicState(kind, slug, server);
  return <TopicForms key={`${state.signedIn}-${state.choice}`} kind={kind} slug={slug} server={state} {...rest} />;
}

function TopicForms({ kind, slug, name, returnTo, server }: Props) {
  const [choice, setChoice] = useState<Choice>(server.choice);
  const [optimistic, setOptimistic] = useOptimistic(choice);
  const [message, setMessage] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const router = useRouter();
  const marker = { [READER_TOPIC_ATTR]: `${kind}:${slug}` };
  const what = kind === "tag" ? `#${name}` : name;

  if (!server.signedIn) {
    return (
      <div className="flex flex-wrap items-center gap-2" {...marker}>
        <form action="/signin" method="get">
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <button type="submit" className={buttonClass}>
            Follow<span className="sr-only"> {what}</span>
          </button>
        </form>
        <form action="/signin" method="get">
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <button type="submit" className={buttonClass}>
            Mute<span className="sr-only"> {what}</span>
          </button>
        </form>
      </div>
    );
  }

  const button = (target: "follow" | "mute", on: string, off: string) => {
    const pressed = optimistic === target;
    const next = pressed ? "none" : target;
    return (
      <form
        action={topicFormAction}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setMessage(null);
          startTransition(async () => {
            setOptimistic(next === "none" ? null : next);
            try {
              const result = await topicAction({ status: "idle" }, form);
              if (result.status === "ok") {
                setChoice(next === "none" ? null : next);
                setMessage(result.message ?? null);
                // The list below depends on the choice (a mute hides it): render it again for this reader.
                router.refresh();
              } else setMessage(result.message ?? "Could not save that.");
            } catch {
              setMessage("Could not reach the server. Try again.");
            }
          });
        }}
      >
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="choice" value={next} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <button type="submit" aria-pressed={pressed} className={buttonClass}>
          <span aria-hidden="true">{pressed ? "✓" : target === "follow" ? "+" : "⊘"}</span> {pressed ? on : off}
          <span className="sr-only"> {what}</span>
        </button>
      </form>
    );
  };

  return (
    <div className="flex flex-wrap items-center gap-2" {...marker}>
      {button("follow", "Following", "Follow")}
      {button("mute", "Muted", "Mute")}
      <p aria-live="polite" className="text-sm text-muted">
        {message}
      </p>
    </div>
  );
}
