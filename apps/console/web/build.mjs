// Builds the console's front end into apps/console/web/dist (part of `npx pnpm@12.21.0 build`):
// type-checks it, then bundles it with Vite. Everything it loads at run time is in that folder.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  console.error('The console front end does not type-check (above).');
  process.exit(1);
}
await build({
  root: here,
  base: '/',
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: join(here, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
