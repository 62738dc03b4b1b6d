// The container test alone (`npx jest -c e2e/containers/jest.config.js`, run by .ci/run after the
// suite): the same transform and module names as the suite, one worker, its own summary line.
const path = require('node:path');
const root = require('../../jest.config.js');

const suite = root.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...suite,
  displayName: 'containers',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 30 * 60_000,
  reporters: ['default', path.join(__dirname, '../../tools/jest-summary-reporter.js')],
};
