import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { receiverChain, skipTypeWrappers } from './ast.js';

/** Longest source text a message quotes; longer texts are cut with `…` (whitespace runs count as one space). */
export const MAX_MESSAGE_TEXT = 40;

/** `text` on one line, cut to `MAX_MESSAGE_TEXT` characters with a trailing `…`. */
export function truncateText(text: string): string {
  const raw = text.replace(/\s+/gu, ' ').trim();
  return raw.length > MAX_MESSAGE_TEXT ? `${raw.slice(0, MAX_MESSAGE_TEXT - 1)}…` : raw;
}

/** A node's source text for a message: on one line and cut when long. */
export function messageText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  return truncateText(sourceCode.getText(node));
}

/**
 * How a message names the object a rule reports on: `phase`, `this.phase`, without the type syntax around it (`l!`,
 * `<Ledger>l`, `(l as Ledger)` are all `l`); other expressions as written, cut when long.
 */
export function receiverName(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const chain = receiverChain(node);
  if (chain) return truncateText([chain.root.type === AST_NODE_TYPES.ThisExpression ? 'this' : chain.root.name, ...chain.path].join('.'));
  return messageText(sourceCode, skipTypeWrappers(node));
}
