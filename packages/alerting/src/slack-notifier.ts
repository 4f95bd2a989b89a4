/** Delivery to Slack incoming webhooks with retries: exponential backoff on 5xx and network errors, Retry-After on 429. */
import { IncomingWebhook, IncomingWebhookHTTPError, type FetchFunction, type IncomingWebhookSendArguments } from "@slack/webhook";
import type { NotifyFunc } from "./dispatcher";
import { buildSlackMessage, type SlackMessageOptions } from "./slack-message";

export interface SlackSendOptions {
  /** Per-request timeout (default 10s). */
  timeoutMs?: number;
  /** Attempts in total, including the first (default 5). */
  maxAttempts?: number;
  /** First backoff delay, doubled per attempt (default 1s). */
  baseDelayMs?: number;
  /** Cap on any single delay, including Retry-After (default 60s). */
  maxDelayMs?: number;
  /** Waits between attempts; injected so tests control time. */
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock for Retry-After given as an HTTP date (default Date.now). */
  now?: () => number;
}

/** A send that failed for good: a 4xx other than 429, or retries exhausted. */
export class SlackDeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "SlackDeliveryError";
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds (Slack's form) or as an HTTP date. */
function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Posts a payload to a webhook URL, retrying transient failures; resolves with the number of attempts. */
export async function sendSlack(url: string, payload: IncomingWebhookSendArguments, o: SlackSendOptions = {}): Promise<number> {
  const maxAttempts = o.maxAttempts ?? 5;
  const baseDelayMs = o.baseDelayMs ?? 1000;
  const maxDelayMs = o.maxDelayMs ?? 60_000;
  const sleep = o.sleep ?? realSleep;
  let retryAfter: string | null = null;
  // @slack/webhook's errors carry no headers, so the fetch it uses keeps Retry-After for us.
  const fetchKeepingRetryAfter: FetchFunction = async (input, init) => {
    const res = await fetch(input, init as RequestInit);
    retryAfter = res.headers.get("retry-after");
    return res;
  };
  const webhook = new IncomingWebhook(url, { timeout: o.timeoutMs ?? 10_000, fetch: fetchKeepingRetryAfter });
  for (let attempt = 1; ; attempt++) {
    retryAfter = null;
    let delayMs: number;
    try {
      await webhook.send(payload);
      return attempt;
    } catch (e) {
      const status = e instanceof IncomingWebhookHTTPError ? e.statusCode : undefined;
      const permanent = status !== undefined && status < 500 && status !== 429;
      if (permanent || attempt >= maxAttempts) {
        throw new SlackDeliveryError(`slack webhook failed after ${attempt} attempt(s): ${(e as Error).message}`, status, attempt);
      }
      const backoff = baseDelayMs * 2 ** (attempt - 1);
      delayMs = Math.min(maxDelayMs, (status !== undefined && retryAfterMs(retryAfter, (o.now ?? Date.now)())) || backoff);
    }
    await sleep(delayMs);
  }
}

/** A NotifyFunc posting Block Kit messages to each notification's Slack webhook. */
export function slackNotifier(o: SlackMessageOptions & SlackSendOptions): NotifyFunc {
  return async (n) => {
    await sendSlack(n.slack.apiURL, buildSlackMessage(n, o), o);
  };
}
