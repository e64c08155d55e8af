// Where a .cpuprofile's time went: self time by function and by package/folder, the top lines of each.
//   node bench/support/profile-summary.mjs file.cpuprofile [lines]
import { readFileSync } from 'node:fs';

const [file, lines = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map(profile.nodes.map((n) => [n.id, 0]));
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++)
  self.set(profile.samples[i], self.get(profile.samples[i]) + (deltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byArea = new Map();
const area = (url) => {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const m = url.match(/\/(libs\/[^/]+|apps\/[^/]+)\//);
  return m ? m[1] : url;
};
for (const n of profile.nodes) {
  const t = self.get(n.id);
  if (!t) continue;
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const a = area(cf.url);
  byArea.set(a, (byArea.get(a) ?? 0) + t);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(lines)))
    console.log(
      `${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`,
    );
};
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
show('by area', byArea);
show('by function (self)', byFn);
