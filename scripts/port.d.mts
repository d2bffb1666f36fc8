// Types of scripts/port.mjs, for its test.
export function portIsFree(port: number | string): Promise<boolean>;
