"use client";

import { useEffect, useRef, useState } from "react";

type State = "idle" | "playing" | "paused";
/** What the browser offers: still looking, voices to read with, speech synthesis but no voice, or none. */
type Support = "checking" | "ready" | "no-voices" | "unsupported";

const buttonClass =
  "rounded border border-border px-2.5 py-1 text-sm hover:border-fg disabled:cursor-not-allowed disabled:opacity-50";

/**
 * How long to wait for the browser's voice list. Chrome fills it asynchronously and says so with
 * "voiceschanged"; a browser with no voices (headless Chromium, Linux without speech-dispatcher) may
 * fire it with an empty list or never fire it at all.
 */
const VOICE_WAIT_MS = 2000;

/**
 * The "Listen" part: reads the story aloud with the browser's own speech synthesis. Absent without
 * JavaScript; where the browser has no speech synthesis, or no voice to speak with, it says so rather
 * than offering a Play button that stays silent. Stops speaking when the reader leaves the page.
 */
export function ListenControls({ text, title }: { text: string; title: string }) {
  const [mounted, setMounted] = useState(false);
  const [support, setSupport] = useState<Support>("checking");
  const [state, setState] = useState<State>("idle");
  const [failed, setFailed] = useState<string | null>(null);
  const utterance = useRef<SpeechSynthesisUtterance | null>(null);

  useEffect(() => {
    setMounted(true);
    if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
      setSupport("unsupported");
      return;
    }
    const synth = window.speechSynthesis;
    const check = () => {
      if (synth.getVoices().length > 0) {
        setSupport("ready");
        return true;
      }
      return false;
    };
    if (check()) return () => synth.cancel();
    const onChange = () => {
      check();
    };
    synth.addEventListener("voiceschanged", onChange);
    const timer = window.setTimeout(() => {
      if (!check()) setSupport("no-voices");
    }, VOICE_WAIT_MS);
    return () => {
      synth.removeEventListener("voiceschanged", onChange);
      window.clearTimeout(timer);
      synth.cancel();
    };
  }, []);

  if (!mounted) return null;

  const play = () => {
    const synth = window.speechSynthesis;
    setFailed(null);
    if (state === "paused") {
      synth.resume();
      setState("playing");
      return;
    }
    synth.cancel();
    const u = new SpeechSynthesisUtterance(`${title}. ${text}`);
    u.lang = "en";
    u.onend = () => setState("idle");
    u.onerror = (e) => {
      setState("idle");
      // "interrupted" and "canceled" are Stop and leaving the page, not failures.
      if (e.error !== "interrupted" && e.error !== "canceled") setFailed(e.error);
    };
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

  const usable = support === "ready";
  const status =
    support === "checking"
      ? "Looking for a voice to read with…"
      : support === "unsupported"
        ? "This browser cannot read aloud (it has no speech synthesis)."
        : support === "no-voices"
          ? "This browser has no voice installed to read aloud with."
          : failed
            ? `Reading aloud stopped: the browser reported “${failed}”.`
            : state === "playing"
              ? "Reading aloud…"
              : state === "paused"
                ? "Paused"
                : "";

  return (
    <section aria-labelledby="ai-listen" className="space-y-2">
      <h3 id="ai-listen" className="font-semibold">
        Listen
      </h3>
      <div className="flex flex-wrap items-center gap-2">
        {support === "checking" || usable ? (
          <>
            <button type="button" className={buttonClass} onClick={play} disabled={!usable || state === "playing"}>
              {state === "paused" ? "Resume" : "Play"}
            </button>
            <button type="button" className={buttonClass} onClick={pause} disabled={!usable || state !== "playing"}>
              Pause
            </button>
            <button type="button" className={buttonClass} onClick={stop} disabled={!usable || state === "idle"}>
              Stop
            </button>
          </>
        ) : null}
        <span role="status" className="text-sm text-muted">
          {status}
        </span>
      </div>
    </section>
  );
}
