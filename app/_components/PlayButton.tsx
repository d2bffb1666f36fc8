"use client";
// A song's play/pause button (songs of an imported library). Each button owns an <audio> element streaming
// /api/songs/{id}/audio (same origin, nothing fetched before the first press); pressing play on one pauses the
// one playing before, so a page of thirty songs never plays two at once. A real <button>, so Tab, Enter and
// Space work and the global :focus-visible ring shows; its label says what pressing it will do.
import { useEffect, useRef, useState } from "react";

/** The one audio element playing on this page, if any. */
let playing: HTMLAudioElement | null = null;

export function PlayButton({ songId, title, excerptStart = 0, size = "small" }: { songId: number; title: string; excerptStart?: number; size?: "small" | "large" }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<"paused" | "playing" | "failed">("paused");

  useEffect(() => {
    const element = audio.current;
    return () => {
      if (playing === element) playing = null;
      element?.pause();
    };
  }, []);

  async function toggle() {
    const element = audio.current;
    if (!element) return;
    if (!element.paused) {
      element.pause();
      return;
    }
    if (playing && playing !== element) playing.pause();
    playing = element;
    // The first press starts where the excerpt the models heard begins.
    if (element.currentTime === 0 && excerptStart > 0) element.currentTime = excerptStart;
    try {
      await element.play();
    } catch {
      // Interrupted by a pause, or the browser refused: the element's own events set the state.
    }
  }

  const label = state === "failed" ? `${title}: the audio cannot be played` : `${state === "playing" ? "Pause" : "Play"} ${title}`;
  const dimensions = size === "large" ? "h-12 w-12" : "h-9 w-9";
  return (
    <>
      <button
        type="button"
        onClick={toggle}
        disabled={state === "failed"}
        aria-label={label}
        title={label}
        data-testid="play-button"
        data-state={state}
        className={`${dimensions} inline-flex shrink-0 items-center justify-center rounded-full border border-line bg-accent-soft text-accent hover:bg-accent hover:text-accent-ink disabled:opacity-40`}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className={size === "large" ? "h-5 w-5" : "h-4 w-4"} fill="currentColor">
          {state === "playing" ? <path d="M4 3h3v10H4zM9 3h3v10H9z" /> : <path d="M5 3l9 5-9 5z" />}
        </svg>
      </button>
      <audio
        ref={audio}
        preload="none"
        src={`/api/songs/${songId}/audio`}
        data-testid="song-audio"
        data-song-id={songId}
        onPlay={() => setState("playing")}
        onPause={() => setState("paused")}
        onEnded={() => setState("paused")}
        onError={() => setState("failed")}
      />
    </>
  );
}
