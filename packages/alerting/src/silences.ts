/** Alertmanager silences: matchers muting alerts between startsAt and endsAt. */
import type { Labels } from "@boardwatch/promql";
import { matchesAll, matchLabelValue, type Matcher } from "./matchers";

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAtMs: number;
  endsAtMs: number;
  createdBy: string;
  comment: string;
}

/** Alertmanager's silence validation; returns the problems (empty when valid). */
export function validateSilence(s: Silence): string[] {
  const errs: string[] = [];
  if (s.matchers.length === 0) errs.push("at least one matcher required");
  // A silence matching the empty label set would mute everything.
  else if (s.matchers.every((m) => matchLabelValue(m, ""))) errs.push("at least one matcher must not match the empty string");
  if (s.endsAtMs <= s.startsAtMs) errs.push("end time must not be before start time");
  if (s.createdBy.trim() === "") errs.push("creator information missing");
  if (s.comment.trim() === "") errs.push("comment missing");
  return errs;
}

/** Whether a silence is in force at `nowMs` (startsAt inclusive, endsAt exclusive). */
export function isSilenceActive(s: Silence, nowMs: number): boolean {
  return s.startsAtMs <= nowMs && nowMs < s.endsAtMs;
}

/** The ids of active silences muting a label set. */
export function silencedBy(labels: Labels, silences: Silence[], nowMs: number): string[] {
  return silences.filter((s) => isSilenceActive(s, nowMs) && matchesAll(s.matchers, labels)).map((s) => s.id);
}
