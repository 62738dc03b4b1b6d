// The client's wire types, generated from docs/openapi/<app>.json by openapi-typescript into
// libs/client/src/generated/<app>.ts. tools/api-docs.js writes them beside the OpenAPI documents
// (and `--check` fails when they are stale); libs/client/test/generated.spec.ts checks them against
// the committed documents. Also the rule every operation must meet: it declares what it answers.
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
    files[`${app}.ts`] = HEADER.replace('%s', app) + astToString(ast);
  }
  return files;
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

module.exports = { clientTypes, committedDocuments, undescribedOperations, GENERATED };

// `node tools/client-types.js --check`: exit 1 when libs/client/src/generated/ is not what the
// committed documents make (Jest cannot load openapi-typescript's ES module dependencies, so the
// spec runs this in a child process).
if (require.main === module && process.argv.includes('--check')) {
  clientTypes(committedDocuments())
    .then((files) => {
      const { existsSync } = require('node:fs');
      const stale = Object.entries(files)
        .filter(([name, text]) => {
          const path = join(GENERATED, name);
          return !existsSync(path) || readFileSync(path, 'utf8') !== text;
        })
        .map(([name]) => `libs/client/src/generated/${name}`);
      const extra = readdirSync(GENERATED).filter((name) => !(name in files));
      if (stale.length || extra.length) {
        console.error(
          `The client's generated types are out of date (${[...stale, ...extra].join(', ')}): run \`node tools/api-docs.js\` after a build.`,
        );
        process.exit(1);
      }
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
