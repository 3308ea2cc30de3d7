// Every project's tests; `npm test` runs this after bootstrapping its own Postgres and Redis.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['libs', 'apps'].flatMap((dir) =>
  fs.existsSync(path.join(__dirname, dir))
    ? fs
        .readdirSync(path.join(__dirname, dir))
        .map((name) => path.join(__dirname, dir, name, 'jest.config.js'))
        .filter((file) => fs.existsSync(file))
    : [],
);

// testTimeout is a global option (ignored in project configs); slow suites pass their own.
projects.push(path.join(__dirname, 'infra', 'jest.config.js'));

module.exports = { projects, testTimeout: 30000 };
