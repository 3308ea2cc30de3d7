module.exports = { ...require('../../jest.preset.js'), displayName: 'api', rootDir: __dirname, testTimeout: 30000 };
