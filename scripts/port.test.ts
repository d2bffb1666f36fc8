import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { test } from "node:test";
import { portIsFree } from "./port.mjs";

test("a port another server listens on is taken; once it closes, it is free", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  assert.equal(await portIsFree(port), false);
  assert.equal(await portIsFree(String(port)), false, "PORT comes from the environment as a string");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.equal(await portIsFree(port), true);
});
