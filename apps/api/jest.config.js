import { swcTransform } from '../../jest.unit.config.js';

// Unit specs beside the code and e2e specs in test/, all against a real PostgreSQL
// (the server in DATABASE_URL, or an embedded one started by the global setup).
export default {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swcTransform },
  moduleNameMapper: {
    '^@casework/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // See test/content-disposition.cjs: an ES module @fastify/static requires, which Jest on Node 20 cannot load.
    '^content-disposition$': '<rootDir>/test/content-disposition.cjs',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
