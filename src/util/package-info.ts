import { createRequire } from 'node:module';

interface PackageJson {
  name: string;
  version: string;
  repository: { url: string };
}

// dist/util/*.js and src/util/*.ts both sit two levels below the package root.
const pkg = createRequire(import.meta.url)('../../package.json') as PackageJson;

export const packageName = pkg.name;
export const packageVersion = pkg.version;

/** `git+https://github.com/o/r.git` → `https://github.com/o/r` */
export const repositoryUrl = pkg.repository.url.replace(/^git\+/u, '').replace(/\.git$/u, '');

export function ruleDocsUrl(ruleName: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleName}.md`;
}
