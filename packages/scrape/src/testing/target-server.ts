import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import type { ScrapeTarget } from "../types";

export interface TargetServer {
  url: string;
  port: number;
  /** Resolves once every connection the server accepted so far has closed. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback HTTP server for tests; it tracks its sockets so a test can wait for the scraper to close them. */
export async function startTargetServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<TargetServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(handler);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.closed ? resolve() : socket.once("close", () => resolve())));
  return {
    url: `http://127.0.0.1:${address.port}/metrics`,
    port: address.port,
    allConnectionsClosed: async () => {
      await Promise.all([...sockets].map(closed));
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A target with no limits and the test defaults; `overrides` sets what a test is about. */
export function testTarget(url: string, overrides: Partial<ScrapeTarget> = {}): ScrapeTarget {
  return {
    url,
    job: "test",
    instance: new URL(url).host,
    targetLabels: { board: "b1", site: "lab" },
    honorLabels: false,
    timeoutMs: 2000,
    intervalMs: 15_000,
    sampleLimit: 0,
    labelLimit: 0,
    labelNameLengthLimit: 0,
    labelValueLengthLimit: 0,
    bodySizeLimitBytes: 0,
    ...overrides,
  };
}
