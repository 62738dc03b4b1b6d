// One Jest run over every project, so CI prints one summary. Tests import the libraries' sources
// (not their dist/) so a test always sees the code next to it.
const path = require('node:path');

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json') }] },
  moduleNameMapper: {
    '^@simvault/app-([^/]+)/testing$': path.join(__dirname, 'apps/$1/src/testing'),
    '^@simvault/([^/]+)/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/$2'),
    '^@simvault/app-(.*)$': path.join(__dirname, 'apps/$1/src'),
    '^@simvault/(.*)$': path.join(__dirname, 'libs/$1/src'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
const projects = [
  'libs/core',
  'libs/db',
  'libs/entities',
  'libs/auth',
  'libs/queue',
  'libs/seamless',
  'libs/blobs',
  'libs/buffers',
  'libs/run-db',
  'libs/client',
  'libs/contracts',
  'apps/auth',
  'apps/cache',
  'apps/catalog',
  'apps/results',
  'apps/files',
  'apps/cli',
  'apps/console',
  'e2e',
];
module.exports = {
  projects: projects.map((dir) => ({ ...shared, displayName: dir, rootDir: path.join(__dirname, dir) })),
  testTimeout: 30000,
  // Suites create their own databases and wait on them; two workers suit a 2-core machine.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
};
