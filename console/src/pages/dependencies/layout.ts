// Layered layout of a dependency graph: callers on the left, what they depend on to the right.
// Plans are acyclic (the plan rules refuse cycles); a cycle that slips through is cut, not looped.

export interface LayoutNode {
  id: string;
  network: string | null;
  label: string;
}
export interface Placed<N> {
  node: N;
  x: number;
  y: number;
}

export const NODE_W = 210;
export const NODE_H = 46;
const COL_GAP = 90;
const ROW_GAP = 14;

export function layoutGraph<N extends LayoutNode>(
  nodes: N[],
  edges: { from: string; to: string }[],
): { placed: Map<string, Placed<N>>; width: number; height: number } {
  const deps = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) deps.get(e.from)?.push(e.to);
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(deps.get(id) ?? []).map(depth)) + 1;
    visiting.delete(id);
    level.set(id, d);
    return d;
  };
  nodes.forEach((n) => depth(n.id));
  const maxLevel = Math.max(0, ...level.values());
  const columns = new Map<number, N[]>();
  for (const n of nodes) {
    const col = maxLevel - level.get(n.id)!;
    columns.set(col, [...(columns.get(col) ?? []), n]);
  }
  const placed = new Map<string, Placed<N>>();
  let height = 0;
  for (const [col, list] of columns) {
    list.sort((a, b) => (a.network ?? '').localeCompare(b.network ?? '') || a.label.localeCompare(b.label));
    list.forEach((node, row) => {
      const p = { node, x: col * (NODE_W + COL_GAP), y: row * (NODE_H + ROW_GAP) };
      placed.set(node.id, p);
      height = Math.max(height, p.y + NODE_H);
    });
  }
  return { placed, width: (maxLevel + 1) * (NODE_W + COL_GAP) - COL_GAP, height };
}
