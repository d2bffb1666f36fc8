"use client";
// The map: every song of one embedding's stored 2-D projection as a dot on a canvas (thousands of points, no DOM
// node each), coloured by major genre. Hover names the song, click opens it, the radio group switches embedding,
// and `highlight` (the song the visitor came from) is ringed.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import type { MapPoints } from "@/lib/catalogue/reader.ts";
import type { Model } from "@/lib/types.ts";

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6bb1"];
const OTHER_COLOUR = "#9a9a9a";
const PADDING = 16;
/** Hover picks the nearest dot within this many CSS pixels. */
const PICK_RADIUS = 10;
/** Buckets per axis of the hover index over the [-1, 1] square. */
const GRID = 64;

interface ModelChoice {
  model: Model;
  label: string;
  songs: number;
}

interface Prepared {
  points: MapPoints;
  /** Colour of each genre index, most common genres first in the palette. */
  colours: string[];
  /** For each grid cell, the indices of the points in it. */
  grid: number[][];
}

/** Points arrive already scaled into [-1, 1] on their longer axis (the build stores every map that way). */
function prepare(points: MapPoints): Prepared {
  const order = points.genres.map((g, i) => ({ i, count: g.count })).sort((a, b) => b.count - a.count);
  const colours = new Array<string>(points.genres.length).fill(OTHER_COLOUR);
  order.forEach(({ i }, rank) => {
    if (rank < PALETTE.length) colours[i] = PALETTE[rank]!;
  });
  const grid: number[][] = Array.from({ length: GRID * GRID }, () => []);
  points.ids.forEach((_, i) => grid[cellOf(points.x[i]!, points.y[i]!)]!.push(i));
  return { points, colours, grid };
}

function cellIndex(v: number): number {
  return Math.min(GRID - 1, Math.max(0, Math.floor(((v + 1) / 2) * GRID)));
}

function cellOf(x: number, y: number): number {
  return cellIndex(y) * GRID + cellIndex(x);
}

export function MapCanvas({ models, initialModel, highlight }: { models: ModelChoice[]; initialModel: Model; highlight: number | null }) {
  const router = useRouter();
  const [model, setModel] = useState<Model>(initialModel);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [hover, setHover] = useState<{ index: number; left: number; top: number } | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const cache = useRef(new Map<Model, Prepared>());
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const known = cache.current.get(model);
    if (known) {
      setPrepared(known);
      return;
    }
    setPrepared(null);
    setFailed(null);
    const controller = new AbortController();
    fetch(`/api/map/${model}`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((points: MapPoints) => {
        const ready = prepare(points);
        cache.current.set(model, ready);
        setPrepared(ready);
      })
      .catch((error: Error) => {
        if (error.name !== "AbortError") setFailed(error.message);
      });
    return () => controller.abort();
  }, [model]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  const toScreen = useCallback(
    (x: number, y: number) => {
      const side = Math.min(size.width, size.height) - 2 * PADDING;
      const left = (size.width - side) / 2;
      const top = (size.height - side) / 2;
      return { sx: left + ((x + 1) / 2) * side, sy: top + ((1 - y) / 2) * side };
    },
    [size],
  );

  const highlighted = useMemo(() => (prepared && highlight !== null ? prepared.points.ids.indexOf(highlight) : -1), [prepared, highlight]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !prepared || size.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * ratio);
    canvas.height = Math.round(size.height * ratio);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.width, size.height);
    const { points, colours } = prepared;
    const n = points.ids.length;
    const radius = n > 50_000 ? 1 : n > 5_000 ? 1.8 : 3;
    ctx.globalAlpha = n > 5_000 ? 0.7 : 0.85;
    // Round dots while few; squares (much cheaper to fill) once there are many.
    const round = n <= 5_000;
    for (let i = 0; i < n; i++) {
      const { sx, sy } = toScreen(points.x[i]!, points.y[i]!);
      ctx.fillStyle = colours[points.genre[i]!] ?? OTHER_COLOUR;
      if (round) {
        ctx.beginPath();
        ctx.arc(sx, sy, radius, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.fillRect(sx - radius, sy - radius, radius * 2, radius * 2);
      }
    }
    ctx.globalAlpha = 1;
    const ink = getComputedStyle(canvas).color;
    for (const i of [highlighted, hover?.index ?? -1]) {
      if (i < 0) continue;
      const { sx, sy } = toScreen(points.x[i]!, points.y[i]!);
      ctx.beginPath();
      ctx.arc(sx, sy, i === highlighted ? 9 : 6, 0, Math.PI * 2);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = ink;
      ctx.stroke();
    }
  }, [prepared, size, toScreen, highlighted, hover]);

  function pick(event: MouseEvent<HTMLCanvasElement>): number {
    if (!prepared) return -1;
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const side = Math.min(size.width, size.height) - 2 * PADDING;
    if (side <= 0) return -1;
    // Back to map coordinates, then search the few grid cells within the pick radius.
    const mx = ((px - (size.width - side) / 2) / side) * 2 - 1;
    const my = 1 - ((py - (size.height - side) / 2) / side) * 2;
    const reach = Math.ceil((PICK_RADIUS * GRID) / side) + 1;
    const cx = cellIndex(mx);
    const cy = cellIndex(my);
    let best = -1;
    let bestDistance = PICK_RADIUS * PICK_RADIUS;
    for (let gy = Math.max(0, cy - reach); gy <= Math.min(GRID - 1, cy + reach); gy++) {
      for (let gx = Math.max(0, cx - reach); gx <= Math.min(GRID - 1, cx + reach); gx++) {
        for (const i of prepared.grid[gy * GRID + gx]!) {
          const { sx, sy } = toScreen(prepared.points.x[i]!, prepared.points.y[i]!);
          const d = (sx - px) ** 2 + (sy - py) ** 2;
          if (d <= bestDistance) {
            bestDistance = d;
            best = i;
          }
        }
      }
    }
    return best;
  }

  function choose(next: Model) {
    setModel(next);
    setHover(null);
    const params = new URLSearchParams({ model: next });
    if (highlight !== null) params.set("song", String(highlight));
    router.replace(`/map?${params}`, { scroll: false });
  }

  const points = prepared?.points;
  const hovered = hover && points ? hover.index : -1;
  const label = models.find((m) => m.model === model)?.label ?? model;

  return (
    <div className="space-y-4">
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">Embedding</legend>
        {models.map((m) => (
          <label
            key={m.model}
            className={`cursor-pointer rounded-full border px-4 py-1.5 text-sm font-medium has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-accent ${
              m.model === model ? "border-accent bg-accent text-accent-ink" : "border-line bg-surface hover:bg-raised"
            }`}
          >
            <input type="radio" name="embedding" value={m.model} checked={m.model === model} onChange={() => choose(m.model)} className="sr-only" />
            {m.label}
            <span className="ml-1 opacity-75">({m.songs.toLocaleString("en-US")})</span>
          </label>
        ))}
      </fieldset>

      <div className="grid gap-4 lg:grid-cols-[1fr_14rem]">
        <div ref={boxRef} className="relative aspect-square w-full overflow-hidden rounded-2xl border border-line bg-surface lg:aspect-auto lg:h-[70vh]">
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`Map of ${points?.ids.length ?? 0} songs in the ${label} embedding, coloured by genre`}
            data-testid="map-canvas"
            data-points={points?.ids.length ?? 0}
            className="absolute inset-0 h-full w-full cursor-crosshair text-ink"
            onPointerMove={(e) => {
              const i = pick(e);
              const rect = e.currentTarget.getBoundingClientRect();
              setHover(i < 0 ? null : { index: i, left: e.clientX - rect.left, top: e.clientY - rect.top });
            }}
            onPointerLeave={() => setHover(null)}
            onClick={(e) => {
              const i = pick(e);
              if (i >= 0 && points) router.push(`/songs/${points.ids[i]}`);
            }}
          />
          {!prepared && (
            <p className="absolute inset-0 grid place-items-center text-sm text-muted" role="status">
              {failed ? `The map could not be loaded (${failed}).` : "Loading the map…"}
            </p>
          )}
          {prepared && prepared.points.ids.length === 0 && (
            <p className="absolute inset-0 grid place-items-center p-6 text-center text-sm text-muted">
              This catalogue has no 2-D map for {label} (the build skipped projections).
            </p>
          )}
          {hovered >= 0 && points && hover && (
            <div
              role="tooltip"
              className="pointer-events-none absolute z-10 max-w-64 rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-lg"
              style={{
                left: Math.min(hover.left + 12, size.width - 200),
                top: hover.top + 12 > size.height - 70 ? hover.top - 70 : hover.top + 12,
              }}
            >
              <span className="block font-semibold">{points.names[hovered]}</span>
              <span className="block text-muted">{points.artists[hovered]}</span>
            </div>
          )}
        </div>

        <aside aria-label="Legend" className="rounded-2xl border border-line bg-surface p-4 text-sm">
          <h2 className="mb-2 font-semibold">Genres</h2>
          <ul className="grid grid-cols-2 gap-x-3 gap-y-1 lg:grid-cols-1">
            {prepared?.points.genres
              .map((g, i) => ({ ...g, colour: prepared.colours[i]! }))
              .sort((a, b) => b.count - a.count)
              .map((g) => (
                <li key={g.code} className="flex items-center gap-2">
                  <span aria-hidden="true" className="size-3 shrink-0 rounded-full" style={{ background: g.colour }} />
                  <span className="flex-1 truncate">{g.name}</span>
                  <span className="tabular-nums text-muted">{g.count.toLocaleString("en-US")}</span>
                </li>
              ))}
          </ul>
          {highlighted >= 0 && points && (
            <p className="mt-4 border-t border-line pt-3">
              Ringed:{" "}
              <a href={`/songs/${points.ids[highlighted]}`} className="font-medium text-accent underline underline-offset-4">
                {points.names[highlighted]}
              </a>
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}
