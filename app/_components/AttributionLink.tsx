// The footer's link to the attribution page, shown only for a catalogue whose recordings name their authors
// or licences (an imported library).
import { loadCatalogue } from "../_lib/siteCatalogue";

export function AttributionLink() {
  const { catalogue } = loadCatalogue();
  if (!catalogue?.hasCredits()) return null;
  return (
    <p className="mt-2">
      <a href="/attribution" className="underline underline-offset-4">
        Recordings: authors and licences
      </a>
    </p>
  );
}
