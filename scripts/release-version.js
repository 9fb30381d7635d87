// The release workflow's gate and its arithmetic, in one place it can be tested: checks that the
// pushed tag is `v` + package.json's version and that package.json's repository is the
// repository releasing (npm refuses a provenance statement for another one), then prints, as
// GitHub step outputs, the version, the npm dist-tag, and whether the major tag (v1) moves here.
// The major tag moves only for a final release that is the highest of its major, as the actions
// toolkit's versioning guide has it: `v1` is the latest 1.x.y, never a pre-release, and an older
// patch (v1.2.4 after v1.3.0) does not drag it back.
// Usage: node scripts/release-version.js <tag> [existing tags…]   (GITHUB_REPOSITORY is checked)
import { readFileSync } from 'node:fs';

const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

function parse(tag) {
  const m = SEMVER.exec(tag);
  return m && { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] };
}

function newer(a, b) {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

const [tag, ...tags] = process.argv.slice(2);
if (!tag) fail('usage: release-version.js <tag> [existing tags…]');
const version = parse(tag);
if (!version) fail(`tag '${tag}' is not a release tag: expected v<major>.<minor>.<patch>[-<pre>].`);
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
if (`v${manifest.version}` !== tag) {
  fail(`tag '${tag}' does not match package.json's version ${manifest.version}: bump one of them.`);
}
const repository = process.env.GITHUB_REPOSITORY;
const url =
  typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
if (repository && !new RegExp(`github\\.com[/:]${repository}(\\.git)?$`, 'i').test(url ?? '')) {
  fail(`package.json repository '${url}' is not ${repository}: npm provenance would be refused.`);
}
const prerelease = version.pre !== undefined;
const finals = tags.map(parse).filter((t) => t && t.pre === undefined);
const higherInMajor = finals.some((t) => t.major === version.major && newer(t, version) > 0);
const higherAtAll = finals.some((t) => newer(t, version) > 0);
// npm's `latest` is what `npx shakedown` gets: a pre-release or a patch to an older major must
// not take it over.
const npmTag = prerelease ? 'next' : higherAtAll ? `latest-${version.major}` : 'latest';
const outputs = {
  version: manifest.version,
  prerelease,
  'npm-tag': npmTag,
  'major-tag': `v${version.major}`,
  'move-major': !prerelease && !higherInMajor,
};
for (const [name, value] of Object.entries(outputs)) process.stdout.write(`${name}=${value}\n`);
