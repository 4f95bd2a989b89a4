/** Alertmanager inhibition: a firing source alert mutes target alerts that agree on the `equal` labels. */
import type { Labels } from "@boardwatch/promql";
import type { InhibitRule } from "./alertmanager-config";
import { matchesAll } from "./matchers";

/** Whether `target` is inhibited by one of the firing `alerts` (Alertmanager's Inhibitor.Mutes). */
export function isInhibited(target: Labels, firing: Labels[], rules: InhibitRule[]): boolean {
  return rules.some((r) => {
    if (!matchesAll(r.targetMatchers, target)) return false;
    // An alert matching both sides must not inhibit itself or others that also match both sides.
    const twoSided = matchesAll(r.sourceMatchers, target);
    return firing.some(
      (source) =>
        matchesAll(r.sourceMatchers, source) &&
        r.equal.every((n) => (source[n] ?? "") === (target[n] ?? "")) &&
        !(twoSided && matchesAll(r.targetMatchers, source)),
    );
  });
}
