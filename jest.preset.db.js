const path = require('path');

/** The server preset plus one real PostgreSQL for the run (see libs/testing/src/jest). */
module.exports = {
  ...require('./jest.preset.js'),
  globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
};
