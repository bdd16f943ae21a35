"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/mutations/guard";

type Field = { name: string; label: string; type: string; autoComplete: string; hint?: string; minLength?: number };

/** Sign-in, sign-up and reset forms: a plain POST without JavaScript, inline errors with it. */
export function AuthForm({
  action,
  fields,
  submitLabel,
  hidden,
  permalink,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  fields: Field[];
  submitLabel: string;
  hidden: Record<string, string>;
  /**
   * This page's own URL. Without it React renders the server-rendered form with `action=""`, which HTML
   * does not allow (the W3C validator flags it); with it, a submit before (or without) JavaScript posts
   * back to this page, query string and all.
   */
  permalink: string;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" }, permalink);
  // A finished request (e.g. "check your inbox") replaces the form: there is nothing left to submit.
  if (state.status === "ok" && state.message) {
    return (
      <p role="status" className="mt-6 rounded border border-border bg-surface px-3 py-2">
        {state.message}
      </p>
    );
  }
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state.status === "error" && state.message ? (
        <p role="alert" id="form-error" className="rounded border border-accent px-3 py-2 text-accent">
          {state.message}
        </p>
      ) : null}
      {fields.map((f) => {
        const errors = state.fieldErrors?.[f.name];
        const describedBy = [errors ? `${f.name}-error` : "", f.hint ? `${f.name}-hint` : ""].filter(Boolean).join(" ");
        return (
          <div key={f.name} className="space-y-1">
            <label htmlFor={f.name} className="block font-medium">
              {f.label}
            </label>
            <input
              // Re-mount after each answer so what the reader typed (never a password) comes back.
              key={`${f.name}-${state.message ?? ""}-${state.values?.[f.name] ?? ""}`}
              defaultValue={f.type === "password" ? undefined : state.values?.[f.name]}
              id={f.name}
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              required
              minLength={f.minLength}
              aria-invalid={errors ? true : undefined}
              aria-describedby={describedBy || undefined}
              className="w-full rounded border border-border bg-surface px-3 py-2"
            />
            {f.hint ? (
              <p id={`${f.name}-hint`} className="text-sm text-muted">
                {f.hint}
              </p>
            ) : null}
            {errors ? (
              <p id={`${f.name}-error`} className="text-sm text-accent">
                {errors[0]}
              </p>
            ) : null}
          </div>
        );
      })}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-accent px-4 py-2 font-semibold text-accent-fg disabled:opacity-60"
      >
        {pending ? "Please wait…" : submitLabel}
      </button>
    </form>
  );
}
