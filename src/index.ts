import type { TSESLint } from '@typescript-eslint/utils';
import { packageName, packageVersion } from './util/package-info.js';
import { rules } from './rules/index.js';

export type RuleName = keyof typeof rules;
type RuleEntries = Partial<Record<`orm-hygiene/${RuleName}`, TSESLint.SharedConfig.RuleEntry>>;

const ruleNames = Object.keys(rules) as RuleName[];

/** Rules whose `meta.docs.recommended` puts them in a config: `recommended` ⊂ `strict`. */
function rulesFor(level: 'recommended' | 'strict'): RuleEntries {
  const entries: RuleEntries = {};
  for (const name of ruleNames) {
    const docs = rules[name].meta.docs;
    const recommended = docs?.recommended;
    if (recommended === 'recommended' || (level === 'strict' && recommended === 'strict')) {
      const strictOptions = level === 'strict' ? docs?.strictOptions : undefined;
      entries[`orm-hygiene/${name}`] = strictOptions ? ['error', ...strictOptions] : 'error';
    }
  }
  return entries;
}

/** Turns off the rules that need type information, for files linted without it (e.g. `.js` config files). */
function typeCheckedRulesOff(): RuleEntries {
  const entries: RuleEntries = {};
  for (const name of ruleNames) {
    if (rules[name].meta.docs?.requiresTypeChecking) entries[`orm-hygiene/${name}`] = 'off';
  }
  return entries;
}

interface OrmHygienePlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<'recommended' | 'strict' | 'disable-type-checked', TSESLint.FlatConfig.Config>;
}

const plugin: OrmHygienePlugin = {
  meta: { name: packageName, version: packageVersion, namespace: 'orm-hygiene' },
  rules,
  configs: {} as OrmHygienePlugin['configs'],
};

const pluginEntry = { 'orm-hygiene': plugin as unknown as TSESLint.FlatConfig.Plugin };

plugin.configs.recommended = { name: 'orm-hygiene/recommended', plugins: pluginEntry, rules: rulesFor('recommended') };
plugin.configs.strict = { name: 'orm-hygiene/strict', plugins: pluginEntry, rules: rulesFor('strict') };
// Like typescript-eslint's `disableTypeChecked`: the typed rules off, and no type information asked of the parser (a
// `.js` file outside every tsconfig would otherwise be a parse error under a global `projectService: true`).
plugin.configs['disable-type-checked'] = {
  name: 'orm-hygiene/disable-type-checked',
  languageOptions: { parserOptions: { program: null, project: false, projectService: false } },
  rules: typeCheckedRulesOff(),
};

export default plugin;
