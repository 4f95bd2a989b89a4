import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@boardwatch/api", "@boardwatch/db"],
  serverExternalPackages: ["pg", "ioredis", "prom-client"],
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
