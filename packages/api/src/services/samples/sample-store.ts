import { poolSize } from "@boardwatch/db";
import { SampleStore } from "@boardwatch/tsdb";
import pg from "pg";
import { env } from "../../env";
import { sampleStoreBackend } from "../../metrics";

const cache = globalThis as unknown as { boardwatchSampleStore?: Promise<SampleStore> };

/** The process's sample store (one pool per process; cached on globalThis across dev reloads). */
export function getSampleStore(): Promise<SampleStore> {
  cache.boardwatchSampleStore ??= SampleStore.open(new pg.Pool({ connectionString: env.DATABASE_URL, max: poolSize }), {
    log: (msg) => console.log(`[samples] ${msg}`),
  }).then((store) => {
    sampleStoreBackend.set({ backend: store.backend }, 1);
    return store;
  });
  return cache.boardwatchSampleStore;
}
