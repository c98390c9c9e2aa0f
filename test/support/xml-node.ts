/** A parsed XML element as fast-xml-parser gives it: children by name, text as strings. */
export type Node = Record<string, unknown> & { [key: string]: Node | Node[] | string | undefined };

/**
 * The element at `path` (names, and indexes into repeated elements), failing the test by name when
 * a step is missing rather than reading `undefined` further down.
 */
export function at(node: Node, ...path: Array<string | number>): Node {
  let current: unknown = node;
  for (const [depth, step] of path.entries()) {
    const next = (current as Record<string | number, unknown> | undefined)?.[step];
    if (next === undefined) throw new Error(`no ${path.slice(0, depth + 1).join('.')} in the reply`);
    current = next;
  }
  return current as Node;
}
