// `npm run test:interop`: relying-party software nobody here wrote (mod_auth_openidc in Apache
// httpd, oidc-client-ts in Chromium, oauth4webapi) signs users in against a fresh server each.
// Its own config so that `npm test` does not need Apache.
const base = require('./jest.config');

const e2e = base.projects.find((project) => project.displayName === 'e2e');
if (!e2e) throw new Error('jest.config.js has no e2e project for the interop suite to build on');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [{ ...e2e, displayName: 'interop', testMatch: ['<rootDir>/test/interop/**/*.interop-spec.ts'] }],
};
