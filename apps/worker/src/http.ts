import { createServer, type Server } from "node:http";
import type { Redis } from "ioredis";
import { metricsRegistry } from "@boardwatch/api";
import { registry } from "./metrics";

/** /metrics and /healthz for this worker process. */
export function startHttpServer(port: number, redis: Redis): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "Content-Type": registry.contentType });
      // The sample store's own gauges live in the shared services' registry (the web app serves them too).
      res.end(`${await registry.metrics()}\n${await metricsRegistry.getSingleMetricAsString("boardwatch_sample_store_backend")}\n`);
    } else if (req.url === "/healthz") {
      const ok = await redis.ping().then(() => true, () => false);
      res.writeHead(ok ? 200 : 503, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: ok ? "ok" : "unavailable" }));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, "0.0.0.0", () => resolve(server)));
}
