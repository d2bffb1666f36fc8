#!/usr/bin/env node
// `npx mugle ...`: runs ml/cli.ts in this very process, with tsx registered for the TypeScript. One process (with
// its worker threads, which register tsx themselves: ml/core/workers.ts) means a build dies whole: Ctrl-C reaches
// only it, and a SIGKILL leaves no child behind that could go on to replace the catalogue later.
import { register } from "tsx/esm/api";

register();
await import("../ml/cli.ts");
