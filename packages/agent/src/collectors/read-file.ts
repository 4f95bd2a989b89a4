import { readFile, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";

// A file that does not exist on this board (no thermal zones in a container, no cpufreq on a VM) means the
// family is absent, so these errors read as "nothing here" rather than failures.
const ABSENT = new Set(["ENOENT", "ENOTDIR", "ENODEV", "ENXIO", "EINVAL"]);

function isAbsent(error: unknown): boolean {
  return ABSENT.has((error as NodeJS.ErrnoException).code ?? "");
}

/** File content, or undefined when the file is absent. Other errors (EACCES, EIO) propagate. */
export async function readOptional(root: string, ...path: string[]): Promise<string | undefined> {
  try {
    return await readFile(join(root, ...path), "utf8");
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

/** Directory entries, or none when the directory is absent. */
export async function listOptional(root: string, ...path: string[]): Promise<string[]> {
  try {
    return (await readdir(join(root, ...path))).sort(naturalCompare);
  } catch (error) {
    if (isAbsent(error)) return [];
    throw error;
  }
}

/** A symlink's target, or undefined when the path is absent or not a link. */
export async function readlinkOptional(root: string, ...path: string[]): Promise<string | undefined> {
  try {
    return await readlink(join(root, ...path));
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

/** Orders `cpu2` before `cpu10`, as sysfs listings are read by people. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
