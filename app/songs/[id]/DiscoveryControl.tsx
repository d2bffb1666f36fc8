"use client";
// The familiar ↔ hidden-gems knob. A plain GET form first: without JavaScript, moving the slider and pressing
// "Re-rank" loads /songs/{id}?discovery=…; with JavaScript, releasing the slider submits the form at once and
// the button goes away. Either way the server re-ranks (lib/discovery.ts), so both show the same lists.
import { useEffect, useRef, useState } from "react";
import { DISCOVERY_STEP } from "@/lib/discovery.ts";

/** What a setting means, in a listener's words. */
export function describeDiscovery(value: number): string {
  if (value <= 0.05) return "Familiar: what playlists agree on first";
  if (value < 0.45) return "Leaning familiar";
  if (value <= 0.55) return "As ranked by similarity";
  if (value < 0.95) return "Leaning to hidden gems";
  return "Hidden gems: less-known songs alike first";
}

export function DiscoveryControl({ songId, discovery }: { songId: number; discovery: number }) {
  const form = useRef<HTMLFormElement>(null);
  const range = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(discovery);
  const [enhanced, setEnhanced] = useState(false);

  useEffect(() => {
    setEnhanced(true);
    const input = range.current;
    // "change" fires when a drag ends or a key moves the slider: one navigation per decision, not per pixel.
    const submit = () => form.current?.requestSubmit();
    input?.addEventListener("change", submit);
    return () => input?.removeEventListener("change", submit);
  }, []);

  return (
    <form
      ref={form}
      method="get"
      action={`/songs/${songId}#discover`}
      id="discover"
      data-testid="discovery"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-2xl border border-line bg-surface px-5 py-4"
    >
      <label htmlFor="discovery-range" className="font-semibold">
        Familiar ↔ hidden gems
      </label>
      <span className="flex flex-1 items-center gap-3 text-sm text-muted">
        <span aria-hidden="true">Familiar</span>
        <input
          ref={range}
          id="discovery-range"
          name="discovery"
          type="range"
          min={0}
          max={1}
          step={DISCOVERY_STEP}
          value={value}
          onChange={(event) => setValue(Number(event.target.value))}
          aria-valuetext={describeDiscovery(value)}
          className="min-w-32 flex-1 accent-accent"
        />
        <span aria-hidden="true">Hidden gems</span>
      </span>
      <output htmlFor="discovery-range" className="text-sm" data-testid="discovery-label">
        {describeDiscovery(value)}
      </output>
      {!enhanced && (
        <button type="submit" className="rounded-full bg-accent px-4 py-1.5 text-sm font-semibold text-accent-ink">
          Re-rank
        </button>
      )}
    </form>
  );
}
