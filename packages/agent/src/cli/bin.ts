import { main } from "./main";

// The bundle's entry point: wires the CLI to the process (arguments, output, signals, exit code).
const stopSignal = new Promise<void>((resolve) => {
  process.once("SIGTERM", () => resolve());
  process.once("SIGINT", () => resolve());
});
const code = await main(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stopSignal,
});
process.exit(code);
