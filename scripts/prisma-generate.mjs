// Generates the Prisma clients the tests and examples type-check against, offline and only when stale:
// `prisma-client-js` into node_modules/.prisma/client and `prisma-client` into tests/fixtures/prisma/generated.
// The schema engine is not needed to generate, so it is pointed at /bin/true (see issue #2).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function prismaGenerate(schema = 'tests/fixtures/prisma/schema.prisma') {
  const schemaPath = path.resolve(root, schema);
  const stamp = path.join(root, 'node_modules/.prisma/.orm-hygiene-stamp');
  const text = readFileSync(schemaPath, 'utf8');
  const generatedDir = path.join(path.dirname(schemaPath), 'generated');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === text && existsSync(generatedDir)) return;
  const cli = require.resolve('prisma/build/index.js');
  execFileSync(process.execPath, [cli, 'generate', '--schema', schemaPath], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  writeFileSync(stamp, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prismaGenerate(process.argv[2]);
