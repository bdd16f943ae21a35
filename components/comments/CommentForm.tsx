"use client";

import { useActionState, useEffect, useId } from "react";
import { COMMENT_MAX } from "@/lib/limits";
import type { ActionState } from "@/lib/mutations/guard";

/** Post, reply or edit: a labelled textarea. Keeps the reader's text when the server refuses it. */
export function CommentForm({
  action,
  hidden,
  label,
  submitLabel,
  defaultValue = "",
  autoFocus = false,
  onDone,
  onCancel,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  hidden: Record<string, string>;
  label: string;
  submitLabel: string;
  defaultValue?: string;
  autoFocus?: boolean;
  /** Called once the server accepted the text (e.g. to close the reply panel it sits in). */
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  const id = useId();
  useEffect(() => {
    if (state.status === "ok") onDone?.();
  }, [state, onDone]);
  const text = state.status === "error" ? (state.values?.body ?? defaultValue) : defaultValue;
  return (
    <form action={formAction} className="space-y-2">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        // Re-mount after each answer so the text reflects what the server returned.
        key={`${state.status}-${state.message ?? ""}`}
        id={id}
        name="body"
        rows={4}
        required
        maxLength={COMMENT_MAX}
        defaultValue={text}
        // Opened on purpose by the reader (Reply, Edit): the text box is where they are going.
        // biome-ignore lint/a11y/noAutofocus: only when the reader just asked for this form
        autoFocus={autoFocus}
        aria-invalid={state.status === "error" ? true : undefined}
        aria-describedby={`${id}-status`}
        className="w-full rounded border border-border bg-surface px-3 py-2"
      />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-accent px-3 py-1.5 text-sm font-semibold text-accent-fg disabled:opacity-60"
        >
          {pending ? "Posting…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className="text-sm text-muted underline hover:text-fg">
            Cancel
          </button>
        ) : null}
        <p
          id={`${id}-status`}
          aria-live="polite"
          className={`text-sm ${state.status === "error" ? "text-accent" : "text-muted"}`}
        >
          {state.message}
        </p>
      </div>
    </form>
  );
}
