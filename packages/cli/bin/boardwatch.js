#!/usr/bin/env node
// The admin CLI runs from TypeScript source, like the rest of the monorepo's server code.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
