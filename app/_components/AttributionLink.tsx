// The footer's link to the attribution page, shown only for a catalogue whose recordings name their authors
// or licences (an imported library).
import { readCatalogue } from "../_lib/siteCatalogue";

export function AttributionLink() {
  // In the layout of every page, the unavailable page included: an unusable catalogue simply has no credits here.
  const { data: hasCredits } = readCatalogue((catalogue) => catalogue.hasCredits());
  if (!hasCredits) return null;
  return (
    <p className="mt-2">
      <a href="/attribution" className="underline underline-offset-4">
        Recordings: authors and licences
      </a>
    </p>
  );
}
