import Link from "next/link";
import { SearchBox } from "./_components/SearchBox";

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-10 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 id="not-found-title" className="mt-2 text-3xl font-bold">
        Nothing here
      </h1>
      <p className="mt-3 text-muted">
        That song or page is not in this catalogue (the link may be from an older build). Search for it instead:
      </p>
      <div className="mt-6 text-left">
        <SearchBox />
      </div>
      <p className="mt-6">
        <Link href="/" className="text-accent underline underline-offset-4">
          Back to the start
        </Link>
      </p>
    </section>
  );
}
