// Assembles the hand-written WebAssembly kernels (ml/compute/wasm/*.wat) into the .wasm files committed
// beside them, with the wabt npm package (a devDependency: the build needs no compiler, and `npm ci` needs
// nothing of this, since the .wasm files are committed). `node scripts/build-wasm.mjs` rewrites them;
// `--check` only compares, exiting 1 when a committed .wasm differs from its source.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import createWabt from "wabt";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "ml", "compute", "wasm");

/** The binary of one .wat source: SIMD and threads (shared memory) on, no names section, so it is reproducible. */
export async function assemble(watFile) {
  const wabt = await createWabt();
  const features = { simd: true, threads: true };
  const module = wabt.parseWat(watFile, readFileSync(watFile, "utf8"), features);
  try {
    module.validate(features);
    return Buffer.from(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

export function sources() {
  return readdirSync(dir).filter((f) => f.endsWith(".wat")).map((f) => join(dir, f));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const wat of sources()) {
    const wasm = wat.replace(/\.wat$/, ".wasm");
    const bytes = await assemble(wat);
    if (check) {
      let committed = null;
      try {
        committed = readFileSync(wasm);
      } catch {}
      const same = committed !== null && Buffer.compare(committed, bytes) === 0;
      if (!same) stale++;
      process.stdout.write(`${same ? "up to date" : "STALE"}: ${wasm}\n`);
    } else {
      writeFileSync(wasm, bytes);
      process.stdout.write(`${wasm}: ${bytes.length} bytes\n`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
