module.exports = { ...require('../../jest.preset.js'), displayName: 'kubectl', rootDir: __dirname };
