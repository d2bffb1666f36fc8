// `npm run bench -- NAME [options]`: runs bench/NAME.ts, whose progress goes to stderr, then prints its
// figures as the last line of stdout: one JSON object, {"bench": NAME, ...} (ARCHITECTURE.md, "Benchmarks").
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.includes(".test."))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...argv] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [options]\n  NAME: ${available.join(", ")}\n`);
  process.exit(name ? 1 : 0);
}
const module = (await import(pathToFileURL(`${here}/${name}.ts`).href)) as {
  main: (argv: string[]) => Promise<Record<string, unknown>>;
};
const figures = await module.main(argv);
process.stdout.write(`${JSON.stringify({ bench: name, ...figures })}\n`);
