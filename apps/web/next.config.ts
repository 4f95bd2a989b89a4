import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@boardwatch/api", "@boardwatch/db", "@boardwatch/tsdb", "@boardwatch/promql", "@boardwatch/exposition", "@boardwatch/agent", "@boardwatch/dashboards"],
  serverExternalPackages: ["pg", "pg-copy-streams", "ioredis", "prom-client", "snappy"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
