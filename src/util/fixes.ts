import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/**
 * Fixers shared by rules: they keep the surrounding layout (line endings, indentation, trailing commas, line
 * comments), and what they insert parses where it is put.
 */

/** The file's line break (`\r\n` in a CRLF file), from its first line; `\n` for a one-line file. */
export function lineBreakOf(sourceCode: Readonly<TSESLint.SourceCode>): string {
  return /\r\n|\r|\n/u.exec(sourceCode.text)?.[0] ?? '\n';
}

/** One more level of indentation after `indent`: a tab where the file indents with tabs, else two spaces. */
function deeper(indent: string): string {
  return `${indent}${indent.includes('\t') ? '\t' : '  '}`;
}

/**
 * Expressions that can be the object of a member access as they are written (`x`, `this`, `a.b`, `f()`, `x!`);
 * anything else (`x as T`, `<T>x`, `x satisfies T`, `await x`, `a ?? b`, `new C`, an object literal, ...) needs
 * parentheses in front of `.name`.
 */
function isMemberObject(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.Super:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return !node.optional && isMemberObject(node.object);
    case AST_NODE_TYPES.CallExpression:
      return !node.optional && isMemberObject(node.callee);
    case AST_NODE_TYPES.TSNonNullExpression:
      return isMemberObject(node.expression);
    default:
      return false;
  }
}

/** The source text of `node` to put in front of `.name` or `[key]`: parenthesised where precedence needs it. */
export function memberObjectText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const text = sourceCode.getText(node);
  return isMemberObject(node) ? text : `(${text})`;
}

/** The whitespace that starts the line a node starts on. */
export function indentationOf(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | TSESTree.Token): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/u.exec(line)?.[0] ?? '';
}

/** The end of `node`, or of the comments that follow it on the same line (`a.b = 1; // why`). */
function endOfLineContent(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | TSESTree.Token): number {
  let end = node.range[1];
  for (const comment of sourceCode.getCommentsAfter(node)) {
    if (comment.loc.start.line !== node.loc.end.line) break;
    end = comment.range[1];
  }
  return end;
}

/** Inserts `statements` on their own lines after `statement`, with the statement's indentation. */
export function insertStatementsAfter(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.Node,
  statements: readonly string[],
): TSESLint.RuleFix {
  const indent = indentationOf(sourceCode, statement);
  const eol = lineBreakOf(sourceCode);
  const text = statements.map(s => `${eol}${indent}${s}`).join('');
  return fixer.insertTextAfterRange([0, endOfLineContent(sourceCode, statement)], text);
}

/**
 * Puts a statement that is a whole branch or loop body (`if (phase) phase.state = 'Done';`) in braces, followed by
 * `statements`, on its line: `if (phase) { phase.state = 'Done'; phase.updatedBy = userId; }`.
 */
export function wrapInBlock(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.Node,
  statements: readonly string[],
): TSESLint.RuleFix {
  return fixer.replaceText(statement, `{ ${[sourceCode.getText(statement), ...statements].join(' ')} }`);
}

/**
 * Adds `entries` (`key: value` source texts) at the end of an object literal. A multi-line literal gets one entry per
 * line at the indentation of its last property; a one-line literal stays on one line. A trailing comma is kept when
 * the literal has one, and not introduced when it has none.
 */
export function addObjectProperties(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  entries: readonly string[],
): TSESLint.RuleFix[] {
  const eol = lineBreakOf(sourceCode);
  const open = sourceCode.getFirstToken(object)!;
  const close = sourceCode.getLastToken(object)!;
  const last = object.properties.at(-1);
  if (!last) {
    if (sourceCode.getCommentsInside(object).length === 0 && open.loc.start.line === close.loc.start.line) {
      return [fixer.replaceText(object, `{ ${entries.join(', ')} }`)];
    }
    const indent = deeper(indentationOf(sourceCode, open));
    return [fixer.insertTextAfter(open, entries.map(e => `${eol}${indent}${e},`).join(''))];
  }
  const after = sourceCode.getTokenAfter(last)!;
  const trailingComma = after.type === AST_TOKEN_TYPES.Punctuator && after.value === ',' && after !== close;
  const anchor = trailingComma ? after : last;
  const multiLine = last.loc.start.line > open.loc.end.line;
  if (multiLine) {
    const indent = indentationOf(sourceCode, last);
    const lines = entries.map((e, i) => `${eol}${indent}${e}${trailingComma || i < entries.length - 1 ? ',' : ''}`).join('');
    const end = endOfLineContent(sourceCode, anchor);
    if (trailingComma) return [fixer.insertTextAfterRange([0, end], lines)];
    return [fixer.insertTextAfter(last, ','), fixer.insertTextAfterRange([0, end], lines)];
  }
  if (trailingComma) return [fixer.insertTextAfter(after, ` ${entries.join(', ')},`)];
  return [fixer.insertTextAfter(last, `, ${entries.join(', ')}`)];
}

/** Adds string literals to an array literal of strings, in its quote style and layout. */
export function addArrayStrings(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  array: TSESTree.ArrayExpression,
  values: readonly string[],
): TSESLint.RuleFix {
  const last = array.elements.at(-1);
  const quote = last && last.type === AST_NODE_TYPES.Literal && sourceCode.getText(last).startsWith('"') ? '"' : "'";
  const items = values.map(v => `${quote}${v}${quote}`);
  if (!last) return fixer.replaceText(array, `[${items.join(', ')}]`);
  const after = sourceCode.getTokenAfter(last)!;
  if (after.value === ',') return fixer.insertTextAfter(after, ` ${items.join(', ')},`);
  return fixer.insertTextAfter(last, `, ${items.join(', ')}`);
}
