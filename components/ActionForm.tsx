"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/mutations/guard";

/**
 * A form bound to a server action: a plain POST without JavaScript, inline status with it. The action's
 * message is announced to screen readers; on a refusal the reader's text comes back in `values`.
 */
export function ActionForm({
  action,
  hidden = {},
  submitLabel,
  pendingLabel = "Saving…",
  className = "",
  buttonClassName = "rounded bg-accent px-3 py-1.5 text-sm font-semibold text-accent-fg disabled:opacity-60",
  onCancel,
  children,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel?: string;
  className?: string;
  buttonClassName?: string;
  /** Shown as a Cancel button beside the submit one (scripted panels that can close themselves). */
  onCancel?: () => void;
  children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  return (
    <form action={formAction} className={`space-y-2 ${className}`}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClassName}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className="text-sm text-muted underline hover:text-fg">
            Cancel
          </button>
        ) : null}
        <p aria-live="polite" className={`text-sm ${state.status === "error" ? "text-accent" : "text-muted"}`}>
          {state.message}
        </p>
      </div>
    </form>
  );
}
