interface Node {
  children: Map<string, Node>;
}

const MAX_CHILDREN = 12;
const MAX_DEPTH = 3;

function insert(root: Node, path: string): void {
  let node = root;
  for (const part of path.split("/").filter(Boolean)) {
    let next = node.children.get(part);
    if (!next) node.children.set(part, (next = { children: new Map() }));
    node = next;
  }
}

function lines(node: Node, prefix: string, depth: number): string[] {
  const entries = [...node.children].sort(([a, x], [b, y]) =>
    x.children.size > 0 === y.children.size > 0 ? a.localeCompare(b) : x.children.size > 0 ? -1 : 1,
  );
  const shown = entries.slice(0, MAX_CHILDREN);
  const hidden = entries.length - shown.length;
  const out: string[] = [];
  shown.forEach(([name, child], i) => {
    const last = i === shown.length - 1 && hidden === 0;
    const dir = child.children.size > 0;
    out.push(`${prefix}${last ? "└── " : "├── "}${name}${dir ? "/" : ""}`);
    if (!dir) return;
    const inner = `${prefix}${last ? "    " : "│   "}`;
    if (depth + 1 < MAX_DEPTH) out.push(...lines(child, inner, depth + 1));
    else out.push(`${inner}└── … (${count(child)} files)`);
  });
  if (hidden > 0) out.push(`${prefix}└── … (${hidden} more)`);
  return out;
}

const count = (n: Node): number =>
  n.children.size === 0 ? 1 : [...n.children.values()].reduce((s, c) => s + count(c), 0);

/**
 * The archive layout as a tree (`tree`-style), folders first, at most 12 entries per folder and 3 levels deep,
 * the rest counted. Pure.
 */
export function renderTree(topDir: string, paths: readonly string[]): string {
  const root: Node = { children: new Map() };
  for (const p of paths) insert(root, p);
  return [`${topDir}/`, ...lines(root, "", 0)].join("\n");
}
