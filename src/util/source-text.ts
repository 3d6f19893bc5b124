import * as ts from 'typescript';
import { configurationError } from './configuration-error.js';

/** Validated option texts, per rule options array (ESLint passes one array per configuration). */
const validated = new WeakMap<object, Map<string, string>>();

/** Why `text` is not the source text of one expression, or `undefined` when it is. */
function expressionProblem(text: string): string | undefined {
  if (text.trim() === '') return 'is empty';
  // Parenthesised, with a line break so that a trailing line comment cannot swallow the closing parenthesis.
  const wrapped = `(${text}\n)`;
  const { diagnostics = [] } = ts.transpileModule(wrapped, { reportDiagnostics: true, fileName: 'option.ts' });
  const error = diagnostics.find(d => d.category === ts.DiagnosticCategory.Error);
  if (error) return `does not parse (${ts.flattenDiagnosticMessageText(error.messageText, ' ')})`;
  const file = ts.createSourceFile('option.ts', wrapped, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const [statement, ...rest] = file.statements;
  // `a) + (b` parses, but as two parenthesised halves, not as the one parenthesised expression written.
  const whole =
    statement !== undefined &&
    rest.length === 0 &&
    ts.isExpressionStatement(statement) &&
    ts.isParenthesizedExpression(statement.expression) &&
    statement.expression.getStart(file) === 0 &&
    statement.expression.end === wrapped.length;
  return whole ? undefined : 'is not one expression';
}

/**
 * The text a fix inserts for a rule option that holds source code (`timestampValue: 'clock.now()'`): the option
 * must be one expression; a comma expression comes back parenthesised, so that it stays one value where it is put.
 * Anything else stops the rule with one message that names the option. Checked once per configuration.
 */
export function expressionOption(options: readonly unknown[], rule: string, option: string, text: string): string {
  let cache = validated.get(options);
  if (!cache) {
    cache = new Map();
    validated.set(options, cache);
  }
  const cached = cache.get(option);
  if (cached !== undefined) return cached;
  const problem = expressionProblem(text);
  if (problem) {
    throw configurationError(
      `eslint-plugin-orm-hygiene: the option \`${option}\` of 'orm-hygiene/${rule}' must be the source text of one ` +
        `expression, such as \`clock.now()\`; ${JSON.stringify(text)} ${problem}.`,
    );
  }
  const file = ts.createSourceFile('option.ts', `(${text}\n)`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const statement = file.statements[0] as ts.ExpressionStatement;
  const inner = (statement.expression as ts.ParenthesizedExpression).expression;
  const comma = ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.CommaToken;
  const value = comma ? `(${text.trim()})` : text.trim();
  cache.set(option, value);
  return value;
}
