// BuildKit's `Node.Dump()` (frontend/dockerfile/parser/parser.go), byte for byte: the format of
// the `result` files in BuildKit's parser fixtures (shared/conformance/buildkit-parser/SOURCE.md).

import type { Dockerfile, RawNode } from './ast.ts';
import { goQuote, goTrimSpace } from './go-text.ts';

/** Dumps one node the way `Node.Dump()` prints a child of the root (without the parentheses). */
function dumpRawNode(node: RawNode): string {
  let out = node.keyword.toLowerCase();
  if (node.flags.length > 0) out += ` [${node.flags.map(goQuote).join(' ')}]`;
  // ONBUILD's argument is a node whose only content is the trigger, dumped inline.
  if (node.child) out += ` (${dumpRawNode(node.child)})`;
  for (const arg of node.args) out += ` ${goQuote(arg)}`;
  return goTrimSpace(out);
}

/**
 * Reproduces BuildKit's `Parse(...).AST.Dump() + "\n"`: one `(keyword ["flags"] "args")` line per
 * instruction. Empty when there are no instructions (BuildKit's parser fails on such a file).
 */
export function dumpBuildkitAst(dockerfile: Pick<Dockerfile, 'nodes'>): string {
  let out = '';
  for (const node of dockerfile.nodes) out += `(${dumpRawNode(node)})\n`;
  return out;
}
