// Types of scripts/build-wasm.mjs, for the test that checks the committed kernels against their sources.
export function assemble(watFile: string): Promise<Buffer>;
export function sources(): string[];
