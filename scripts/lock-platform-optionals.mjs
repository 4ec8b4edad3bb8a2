#!/usr/bin/env node
// Keeps `npm ci` working with this machine's npm registry mirror.
//
// The mirror serves no tarballs for most of rollup's platform builds (@rollup/rollup-darwin-x64 and
// friends answer 404), so `npm install` leaves them out of package-lock.json, and `npm ci` then
// refuses the lock ("Missing: @rollup/rollup-android-arm-eabi@ from lock file"). This adds an
// entry with the package's os/cpu/libc for every missing platform build, so npm skips them on
// linux-x64 exactly as it would with a complete lock. Run it after any `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const match = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
    if (!match) continue;
    const nested = key ? `${key}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const [, os, cpu, libc] = match;
    const platformEntry = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
    if (libc?.startsWith('gnu')) platformEntry.libc = ['glibc'];
    else if (libc?.startsWith('musl')) platformEntry.libc = ['musl'];
    packages[`node_modules/${name}`] = platformEntry;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform build entr${added === 1 ? 'y' : 'ies'} the registry mirror lacks`);
