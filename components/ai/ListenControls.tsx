"use client";

import { useEffect, useRef, useState } from "react";

type State = "idle" | "playing" | "paused";

const buttonClass =
  "rounded border border-border px-2.5 py-1 text-sm hover:border-fg disabled:cursor-not-allowed disabled:opacity-50";

/**
 * The "Listen" part: reads the story aloud with the browser's own speech synthesis. Renders nothing,
 * heading included, until it knows the browser has it, so it is simply absent without JavaScript or
 * where unsupported; stops speaking when the reader leaves the page.
 */
export function ListenControls({ text, title }: { text: string; title: string }) {
  const [supported, setSupported] = useState(false);
  const [state, setState] = useState<State>("idle");
  const utterance = useRef<SpeechSynthesisUtterance | null>(null);

  useEffect(() => {
    setSupported(typeof window !== "undefined" && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window);
    return () => {
      if (typeof window !== "undefined" && "speechSynthesis" in window) window.speechSynthesis.cancel();
    };
  }, []);

  if (!supported) return null;

  const play = () => {
    const synth = window.speechSynthesis;
    if (state === "paused") {
      synth.resume();
      setState("playing");
      return;
    }
    synth.cancel();
    const u = new SpeechSynthesisUtterance(`${title}. ${text}`);
    u.lang = "en";
    u.onend = () => setState("idle");
    u.onerror = () => setState("idle");
    utterance.current = u;
    synth.speak(u);
    setState("playing");
  };
  const pause = () => {
    window.speechSynthesis.pause();
    setState("paused");
  };
  const stop = () => {
    window.speechSynthesis.cancel();
    setState("idle");
  };

  return (
    <section aria-labelledby="ai-listen" className="space-y-2">
      <h3 id="ai-listen" className="font-semibold">
        Listen
      </h3>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={play} disabled={state === "playing"}>
          {state === "paused" ? "Resume" : "Play"}
        </button>
        <button type="button" className={buttonClass} onClick={pause} disabled={state !== "playing"}>
          Pause
        </button>
        <button type="button" className={buttonClass} onClick={stop} disabled={state === "idle"}>
          Stop
        </button>
        <span role="status" className="text-sm text-muted">
          {state === "playing" ? "Reading aloud…" : state === "paused" ? "Paused" : ""}
        </span>
      </div>
    </section>
  );
}
