import { z } from "zod";
import { heartbeats } from "../metrics";
import { defineJob } from "./job";

/** Proves the scheduling path end to end: a scheduler fires, exactly one worker runs it, Redis records who. */
export const heartbeatJob = defineJob({
  name: "heartbeat",
  schema: z.object({}).strict(),
  attempts: 1,
  async handler(_payload, { workerId, redis, keyPrefix }) {
    const at = Date.now();
    await redis.set(`${keyPrefix}:worker:heartbeat`, JSON.stringify({ workerId, at }));
    heartbeats.inc();
    return { at };
  },
});
