import { ESLintUtils, type ParserServicesWithTypeInformation, type TSESLint } from '@typescript-eslint/utils';

/**
 * The parser services of a typed rule. Without type information it stops with one message that says what to
 * configure (typescript-eslint's own message does not name `projectService`).
 */
export function getTypedParserServices(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ParserServicesWithTypeInformation {
  const services = ESLintUtils.getParserServices(context, true);
  if (services.program !== null) return services;
  throw new Error(
    `The rule '${context.id}' requires type information, but ${context.filename} was linted without it. ` +
      'Set `languageOptions.parserOptions.projectService: true` (with `tsconfigRootDir: import.meta.dirname`) for ' +
      "TypeScript files, and use the 'orm-hygiene/disable-type-checked' config for files without types. " +
      'See https://tseslint.com/typed-linting',
  );
}
