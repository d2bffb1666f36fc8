// `npm run test:unit`: every colocated *.test.ts under ml/, lib/, scripts/ and bench/, run by node's test
// runner under tsx. (Node 20's --test does not expand glob patterns itself.)
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run.mjs";

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const files = ["ml", "lib", "scripts", "bench"].flatMap(testFiles).sort();
await run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files]);
