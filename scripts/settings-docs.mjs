// Renders the README's settings table from the schema of settings['orm-hygiene'] (src/util/settings.ts, read from
// the built dist/): `node scripts/settings-docs.mjs` writes it (part of `npm run docs`), `--check` fails when the
// README differs (part of `npm run lint:docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const begin = '<!-- begin settings table -->';
const end = '<!-- end settings table -->';

/** `['a', 'b']` as the README writes defaults. */
function literal(value) {
  return `\`${JSON.stringify(value).replaceAll('"', "'").replaceAll(',', ', ')}\``;
}

/** The markdown table: one row per setting, with its default and the schema's description. */
export function renderSettingsTable(schema, defaults) {
  const rows = Object.entries(schema.properties ?? {}).map(
    ([key, property]) => `| \`${key}\` | ${literal(defaults[key])} | ${property.description} |`,
  );
  return ['| setting | default | meaning |', '| :-- | :-- | :-- |', ...rows].join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { settingsSchema, defaultSettings } = await import(pathToFileURL(path.join(root, 'dist/util/settings.js')).href);
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(begin);
  const stop = readme.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md: no ${begin} … ${end} markers`);
  const next = `${readme.slice(0, start)}${begin}\n\n${renderSettingsTable(settingsSchema, defaultSettings)}\n\n${readme.slice(stop)}`;
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the settings table differs from the settings schema; run `npm run docs`.');
      process.exitCode = 1;
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
  }
}
