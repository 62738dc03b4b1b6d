#!/usr/bin/env node
// Generates docs/openapi/<app>.json and docs/api-reference.md from the apps themselves (run after a
// build): every route, its summary and the access it declares; and from those documents the
// client's wire types, libs/client/src/generated/<app>.ts (tools/client-types.js; the build makes
// them too, from the committed documents). `--check` exits 1 when those files differ from what the
// code generates (the test suite runs it, so the docs and the client stay true), and either way it exits 1 when an operation does not describe
// its answer and is not on tools/undescribed-operations.txt (the routes still to type, a list
// that only shrinks: an entry whose route became described is reported too).
'use strict';
const { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { createApp, createLogger, loadConfig } = require('../libs/core/dist');
const { routeAccess } = require('../libs/auth/dist/testing');
const { APPS } = require('../apps/cli/dist/apps');
const { clientTypes, looseTypesProblem, undescribedOperations, GENERATED } = require('./client-types');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'openapi');
const UNDESCRIBED = join(__dirname, 'undescribed-operations.txt');

function accessText(access) {
  if (!access) return 'none declared';
  if (access.kind === 'public') return 'public';
  if (access.kind === 'session') return 'any session';
  return access.privileges.join(' + ');
}

async function generate() {
  const dir = mkdtempSync(join(tmpdir(), 'simvault-api-docs-'));
  const config = loadConfig(
    {},
    {
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: dir,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_SEAMLESS_ENABLED: 'false',
      SIMVAULT_ADMIN_PASSWORD: 'api-docs-only',
      // Every login strategy on, so their routes are documented (nothing connects at start-up).
      SIMVAULT_AUTH_STRATEGIES: 'local,ldap,oidc',
      SIMVAULT_LDAP_URL: 'ldap://ldap.example.org',
      SIMVAULT_LDAP_USER_BASE: 'ou=people,dc=example,dc=org',
      SIMVAULT_OIDC_ISSUER: 'https://sso.example.org',
      SIMVAULT_OIDC_CLIENT_ID: 'simvault',
    },
  );
  const logger = createLogger('silent');
  const files = {};
  const documents = {};
  const sections = [];
  try {
    for (const platformApp of APPS) {
      const spec = platformApp.spec(config, logger);
      const app = await createApp(spec, config, logger);
      try {
        await app.listen(0, '127.0.0.1');
        const document = await (await fetch(`${await app.getUrl()}/openapi.json`)).json();
        files[`${spec.name}.json`] = `${JSON.stringify(document, null, 2)}\n`;
        documents[`${spec.name}.json`] = document;
        const access = new Map(routeAccess(app).map((r) => [r.route, accessText(r.access)]));
        const rows = [];
        for (const [path, methods] of Object.entries(document.paths)) {
          for (const [method, op] of Object.entries(methods)) {
            const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
            const declared = access.get(route) ?? access.get(route.replace(/:(\w+)$/, '*$1')) ?? '';
            rows.push(
              `| \`${method.toUpperCase()} ${path}\` | ${declared} | ${(op.summary ?? '').replace(/\|/g, '\\|')} |`,
            );
          }
        }
        sections.push(
          `## ${spec.title} (port ${spec.port})\n\n${spec.description}\n\n| route | access | what it does |\n|---|---|---|\n${rows.join('\n')}\n`,
        );
      } finally {
        await app.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  files['../api-reference.md'] =
    '# API reference\n\nGenerated from the apps by `node tools/api-docs.js` (after a build); do not edit by hand.\n' +
    'Each app also serves this as OpenAPI at `/openapi.json` and browsable at `/docs`; the documents are in `docs/openapi/`.\n\n' +
    sections.join('\n');
  const types = await clientTypes(documents);
  for (const [name, text] of Object.entries(types)) {
    files[join(GENERATED, name)] = text;
  }
  return { files, documents, loose: looseTypesProblem(types) };
}

/** Undescribed operations beyond the list, and entries of the list that are now described. */
function checkDescribed(documents) {
  const listed = existsSync(UNDESCRIBED)
    ? readFileSync(UNDESCRIBED, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'))
    : [];
  const missing = undescribedOperations(documents);
  return {
    missing,
    unlisted: missing.filter((op) => !listed.includes(op)),
    described: listed.filter((op) => !missing.includes(op)),
  };
}

async function main() {
  const check = process.argv.includes('--check');
  const { files, documents, loose } = await generate();
  const stale = [];
  mkdirSync(OUT, { recursive: true });
  mkdirSync(GENERATED, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = resolve(OUT, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    if (check) stale.push(path.replace(`${ROOT}/`, ''));
    else writeFileSync(path, text);
  }
  // After the documents are written (or compared): they are right, the DTOs they come from are not.
  if (loose) {
    console.error(loose);
    process.exit(1);
  }
  const { unlisted, described } = checkDescribed(documents);
  if (unlisted.length) {
    console.error(
      `These operations do not describe their answer (give them @ApiOkResponse({ type }) or the like):\n  ${unlisted.join('\n  ')}`,
    );
    process.exit(1);
  }
  if (described.length) {
    if (check) stale.push(UNDESCRIBED.replace(`${ROOT}/`, ''));
    else
      writeFileSync(
        UNDESCRIBED,
        `${readFileSync(UNDESCRIBED, 'utf8')
          .split('\n')
          .filter((line) => !described.includes(line.trim()))
          .join('\n')}`,
      );
  }
  if (check && stale.length) {
    console.error(
      `API docs are out of date (${stale.join(', ')}): run \`node tools/api-docs.js\` after a build.`,
    );
    process.exit(1);
  }
  if (!check) console.log(`wrote ${Object.keys(files).length} files`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
