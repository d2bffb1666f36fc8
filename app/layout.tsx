import "@fontsource-variable/noto-sans-kr";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { siteOrigin } from "./_lib/siteUrl";
import { AttributionLink } from "./_components/AttributionLink";

export function generateMetadata(): Metadata {
  return {
    metadataBase: siteOrigin(),
    title: { default: "Mugle — similar songs", template: "%s · Mugle" },
    description:
      "Pick a song, get songs alike in melody and mood (from the audio), in genre and situation (from playlists), or both — with the reason shown.",
    openGraph: { siteName: "Mugle", type: "website" },
    twitter: { card: "summary" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f7f5" },
    { media: "(prefers-color-scheme: dark)", color: "#111215" },
  ],
};

const NAV = [
  { href: "/", label: "Search" },
  { href: "/map", label: "Map" },
  { href: "/about", label: "How it works" },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-page text-ink antialiased flex flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-accent focus:px-3 focus:py-2 focus:text-accent-ink"
        >
          Skip to content
        </a>
        <header className="border-b border-line bg-surface/80 backdrop-blur sticky top-0 z-40">
          <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
              <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-accent text-sm text-accent-ink">
                ♪
              </span>
              Mugle
            </Link>
            <nav aria-label="Main">
              <ul className="flex gap-1 text-sm sm:gap-2">
                {NAV.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className="rounded-md px-2 py-1.5 text-muted hover:bg-raised hover:text-ink sm:px-3">
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-10">
          {children}
        </main>
        <footer className="border-t border-line py-6 text-center text-xs text-muted">
          <p>
            Mugle — similar songs from playlists (Music2Vec), audio (TCAE) and both (CEL). A reproduction of OK Mugle
            (2022) on the Melon Playlist Continuation dataset format.
          </p>
          <AttributionLink />
        </footer>
      </body>
    </html>
  );
}
