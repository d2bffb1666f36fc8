// Whether the site's port can be listened on: the demo checks it before minutes of building, not after them
// (a second demo, or any server on 3000, would otherwise end a finished build with EADDRINUSE).
import { createServer } from "node:net";

/** Resolves true when a server could listen on `port` (all interfaces, as the site does), false when it is taken. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(Number(port), () => probe.close(() => resolve(true)));
  });
}
