/** Reading YAML documents node by node so every error can name its line and column. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from "yaml";

// Aliases are expanded in place; a budget on expanded nodes keeps "billion laughs" documents from exploding.
const MAX_EXPANDED_NODES = 100_000;

/** Counts nodes under `node`, stopping once past `limit`. */
function countNodes(node: Node, limit: number): number {
  let n = 0;
  visit(node, {
    Node() {
      return ++n > limit ? visit.BREAK : undefined;
    },
  });
  return n;
}

/** A problem found in a YAML document, positioned like Go's yaml errors (1-based). */
export interface YamlIssue {
  line: number;
  column: number;
  message: string;
}

/** A parsed document with a way to position nodes; parse errors are returned, not thrown. */
export interface YamlSource {
  root: unknown;
  issues: YamlIssue[];
  pos(node: unknown): { line: number; column: number };
}

/** Parses YAML keeping node positions; hostile input yields issues, never exceptions. */
export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const pos = (node: unknown) => {
    const range = (node as Node | undefined)?.range;
    const p = lineCounter.linePos(range ? range[0] : 0);
    return { line: p.line, column: p.col };
  };
  const issues = doc.errors.map((e) => {
    const p = lineCounter.linePos(e.pos[0]);
    return { line: p.line, column: p.col, message: e.message.split("\n")[0] as string };
  });
  if (issues.length === 0) {
    let budget = MAX_EXPANDED_NODES;
    visit(doc, {
      Alias(_, alias) {
        const target = alias.resolve(doc);
        if (!target) return undefined;
        budget -= countNodes(target, budget);
        if (budget < 0) {
          issues.push({ ...pos(alias), message: `aliases expand to more than ${MAX_EXPANDED_NODES} nodes` });
          return visit.BREAK;
        }
        return target.clone() as Node;
      },
    });
  }
  return { root: doc.contents, issues, pos };
}

/** The pairs of a mapping node, or undefined when the node is not a mapping. */
export function mapPairs(node: unknown): Array<Pair<unknown, unknown>> | undefined {
  return isMap(node) ? (node as YAMLMap).items : undefined;
}

/** The items of a sequence node, or undefined when the node is not a sequence. */
export function seqItems(node: unknown): unknown[] | undefined {
  return isSeq(node) ? node.items : undefined;
}

/** A scalar as YAML text (`for: 0` and `for: "0"` both read "0"); undefined for non-scalars and null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}

/** The key of a pair as text. */
export function keyText(pair: Pair<unknown, unknown>): string {
  return scalarText(pair.key) ?? "";
}

/** Whether a node is a scalar (including null). */
export function isScalarNode(node: unknown): boolean {
  return isScalar(node);
}
