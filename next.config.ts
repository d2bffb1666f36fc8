import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // The site only reads the catalogue; ml/ (TensorFlow.js, training) never enters the bundle.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
