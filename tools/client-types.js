// The client's wire types, generated from docs/openapi/<app>.json by openapi-typescript into
// libs/client/src/generated/<app>.ts (not committed): the build writes them before compiling
// (`node tools/client-types.js`, the Nx target simvault:client-types), and tools/api-docs.js
// beside the documents it writes. libs/client/test/generated.spec.ts checks them against the
// committed documents. Also the rule every operation must meet: it declares what it answers.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DOCS = join(ROOT, 'docs', 'openapi');
const GENERATED = join(ROOT, 'libs', 'client', 'src', 'generated');

const HEADER =
  '// Generated from docs/openapi/%s.json by openapi-typescript (`node tools/api-docs.js`); do not edit.\n';

/** `{ '<app>.ts': text }` for the given OpenAPI documents (`{ '<app>.json': document }`). */
async function clientTypes(documents) {
  const { default: openapiTS, astToString } = require('openapi-typescript');
  const files = {};
  for (const [name, document] of Object.entries(documents)) {
    const app = name.replace(/\.json$/, '');
    // A copy: openapi-typescript annotates the document it reads.
    const ast = await openapiTS(JSON.parse(JSON.stringify(document)), {
      alphabetize: true,
      // A default is the server's to fill: sending the field stays optional.
      defaultNonNullable: false,
    });
    // openapi-typescript declares `webhooks` and `$defs` even for documents without them, as
    // `Record<string, never>`; nothing reads them, and without them that text means one thing in
    // these files: a schema too loose to type (looseTypes).
    const text = astToString(ast).replace(/^export type (webhooks|\$defs) = Record<string, never>;\n/gm, '');
    files[`${app}.ts`] = HEADER.replace('%s', app) + text;
  }
  return files;
}

/**
 * Where generated types say `Record<string, never>` (an object with no fields): what
 * openapi-typescript makes of a schema with no type (`nullable: true` alone on a `string | null`
 * field, `unknown` fields, `type: object` without properties). `['<app>.ts: <Schema>.<line>']`.
 */
function looseTypes(files) {
  const found = [];
  for (const [name, text] of Object.entries(files)) {
    let schema = '';
    for (const line of text.split('\n')) {
      const opened = /^ {8}(\w+): \{$/.exec(line) ?? /^ {4}(\w+): \{$/.exec(line);
      if (opened) schema = opened[1];
      if (line.includes('Record<string, never>')) found.push(`${name}: ${schema}: ${line.trim()}`);
    }
  }
  return found;
}

/** The sentence for looseTypes' findings, or null when there are none. */
function looseTypesProblem(files) {
  const found = looseTypes(files);
  if (!found.length) return null;
  return (
    `These generated types are empty objects (Record<string, never>): give the DTO field a real type ` +
    `(\`type: String, nullable: true\` for a nullable string, JSON_VALUE from @simvault/core for any JSON, ` +
    `\`additionalProperties\` for a map, or the DTO class):\n  ${found.join('\n  ')}`
  );
}

/** The committed documents, by file name. */
function committedDocuments() {
  const documents = {};
  for (const name of readdirSync(DOCS)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    documents[name] = JSON.parse(readFileSync(join(DOCS, name), 'utf8'));
  }
  return documents;
}

/**
 * Operations that answer without a described body: no 2xx response with content, and no 3xx
 * (a redirect has no body to describe). `HEAD` answers headers only, like its GET.
 */
function undescribedOperations(documents) {
  const missing = [];
  for (const [name, document] of Object.entries(documents)) {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method === 'head') continue;
        const responses = Object.entries(op.responses ?? {});
        const described = responses.some(
          ([code, response]) => (/^2/.test(code) && response.content) || /^3/.test(code),
        );
        if (!described) missing.push(`${name.replace(/\.json$/, '')} ${method.toUpperCase()} ${path}`);
      }
    }
  }
  return missing;
}

module.exports = {
  clientTypes,
  committedDocuments,
  looseTypes,
  looseTypesProblem,
  undescribedOperations,
  GENERATED,
};

/** `node tools/client-types.js [--check]`: write (or compare) libs/client/src/generated/. */
async function cli(check) {
  const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
  const files = await clientTypes(committedDocuments());
  const loose = looseTypesProblem(files);
  if (loose) throw new Error(loose);
  mkdirSync(GENERATED, { recursive: true });
  const stale = Object.entries(files).filter(([name, text]) => {
    const path = join(GENERATED, name);
    return !existsSync(path) || readFileSync(path, 'utf8') !== text;
  });
  const extra = readdirSync(GENERATED).filter((name) => !(name in files));
  if (check) {
    if (stale.length || extra.length) {
      const names = [...stale.map(([name]) => name), ...extra].map((n) => `libs/client/src/generated/${n}`);
      throw new Error(
        `The client's generated types are out of date (${names.join(', ')}): run \`npx pnpm@12.21.0 build\`.`,
      );
    }
    return;
  }
  // Only what changed is written, so the incremental compile sees no change when there is none.
  for (const [name, text] of stale) writeFileSync(join(GENERATED, name), text);
  for (const name of extra) rmSync(join(GENERATED, name), { force: true });
}

// The build runs `node tools/client-types.js` before compiling (the Nx target simvault:client-types);
// `--check` exits 1 when libs/client/src/generated/ is not what docs/openapi/*.json make (Jest
// cannot load openapi-typescript's ES module dependencies, so the spec runs this in a child
// process). Either fails when a generated type is an empty object (looseTypes).
if (require.main === module) {
  cli(process.argv.includes('--check')).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
