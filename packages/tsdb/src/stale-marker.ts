// The marker itself is defined once, with the wire formats that carry it.
export { isStaleNaN, STALE_NAN, STALE_NAN_BITS } from "@boardwatch/exposition";
