module.exports = { ...require('../jest.preset.js'), displayName: 'repo', rootDir: __dirname };
