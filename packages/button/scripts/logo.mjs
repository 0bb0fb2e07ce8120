// @ts-check
// Writes src/internal/logo.ts from the official logo (assets/franceconnect-logo.svg), with its path data
// rewritten compactly: relative commands, and the 40 × 48 viewBox scaled by 10 so that coordinates are
// integers (a grid of 0.1 px at the default size). The logo is the largest part of the bundle; a test
// (test/button/logo.test.ts) renders both and checks that they cannot be told apart.
// Run it after changing the asset: `npm run logo -w @franceconnect-kit/button`.
import { readFile, writeFile } from 'node:fs/promises';

const SCALE = 10;
const root = new URL('..', import.meta.url);
const svg = await readFile(new URL('assets/franceconnect-logo.svg', root), 'utf8');

/** @typedef {[command: string, args: number[]]} Command */

/** Number of arguments of each path command. */
const ARITY = /** @type {Record<string, number>} */ ({
  M: 2,
  L: 2,
  H: 1,
  V: 1,
  C: 6,
  S: 4,
  Q: 4,
  T: 2,
  A: 7,
  Z: 0,
});
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g;

/** @param {number} value */
const snap = (value) => Math.round(value * SCALE);

/** Parses path data into absolute commands: M, L, C, S, Q, T, A and Z (H and V become L). @param {string} d */
function absolute(d) {
  const tokens = d.match(new RegExp(`[a-zA-Z]|${NUMBER.source}`, 'g')) ?? [];
  /** @type {Command[]} */
  const commands = [];
  let [x, y, startX, startY, i] = [0, 0, 0, 0, 0];
  let command = '';
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i] ?? '')) command = tokens[i++] ?? '';
    const upper = command.toUpperCase();
    const offset = command === upper ? [0, 0] : [x, y];
    if (upper === 'Z') {
      commands.push(['Z', []]);
      [x, y] = [startX, startY];
      continue;
    }
    const arity = ARITY[upper] ?? 0;
    const args = tokens.slice(i, i + arity).map(Number);
    i += arity;
    /** @type {number[]} */
    let points;
    if (upper === 'H') points = [(args[0] ?? 0) + (offset[0] ?? 0), y];
    else if (upper === 'V') points = [x, (args[0] ?? 0) + (offset[1] ?? 0)];
    else if (upper === 'A') {
      points = [...args.slice(0, 5), (args[5] ?? 0) + (offset[0] ?? 0), (args[6] ?? 0) + (offset[1] ?? 0)];
    } else points = args.map((value, k) => value + (offset[k % 2] ?? 0));
    const name = upper === 'H' || upper === 'V' ? 'L' : upper;
    commands.push([name, points]);
    [x = 0, y = 0] = points.slice(-2);
    if (name === 'M') {
      [startX, startY] = [x, y];
      command = command === 'm' ? 'l' : 'L'; // the pairs after a move-to are line-tos
    }
  }
  return commands;
}

/** Joins numbers with the fewest separators: none before a minus sign or after a number with a point. @param {string[]} numbers */
function join(numbers) {
  let out = '';
  for (const n of numbers) {
    const last = out.match(new RegExp(`${NUMBER.source}$`))?.[0] ?? '';
    const glued = out === '' || n.startsWith('-') || (n.startsWith('.') && last.includes('.'));
    out += (glued ? '' : ' ') + n;
  }
  return out;
}

/** Writes absolute commands as compact relative path data on the integer grid. @param {Command[]} commands */
function compact(commands) {
  let out = '';
  let previous = '';
  let [x, y, startX, startY] = [0, 0, 0, 0];
  for (const [name, points] of commands) {
    if (name === 'Z') {
      out += 'z';
      [x, y, previous] = [startX, startY, 'z'];
      continue;
    }
    const [rx = 0, ry = 0, rotation = 0, large = 0, sweep = 0] = points;
    const [endX = 0, endY = 0] = points.slice(-2).map(snap);
    /** @type {[string, string[]]} */
    let next;
    if (name === 'M') {
      next = ['M', [String(endX), String(endY)]];
      [startX, startY] = [endX, endY];
    } else if (name === 'A' && snap(rx) !== 0 && snap(ry) !== 0) {
      // The flags need no separator (SVG 2 path grammar): "0 0 1 -3 5" is written "0 01-3 5".
      next = [
        'a',
        [
          String(snap(rx)),
          String(snap(ry)),
          String(rotation),
          `${large}${sweep}${endX - x}`,
          String(endY - y),
        ],
      ];
    } else if (name === 'A' || name === 'L') {
      // (An arc whose radius rounds to zero is a straight line.)
      const [dx, dy] = [endX - x, endY - y];
      next =
        dx === 0 ? ['v', [String(dy)]] : dy === 0 ? ['h', [String(dx)]] : ['l', [String(dx), String(dy)]];
    } else {
      next = [name.toLowerCase(), points.map(snap).map((value, k) => String(value - (k % 2 === 0 ? x : y)))];
    }
    [x, y] = [endX, endY];
    const [command, numbers] = next;
    if (command !== 'M' && numbers.every((n) => n === '0')) continue; // a segment of zero length
    out += command === previous ? join(['0', ...numbers]).slice(1) : command + join(numbers);
    previous = command;
  }
  return out;
}

const paths = [...svg.matchAll(/<path d="([^"]+)" fill="([^"]+)"\/>/g)].map(
  ([, d = '', fill = '']) => `<path fill="${fill}" d="${compact(absolute(d))}"/>`,
);

await writeFile(
  new URL('src/internal/logo.ts', root),
  `import { html } from 'lit';

// The official FranceConnect logo (40 × 48, here on a 400 × 480 viewBox), inline in the shadow root: no
// \`data:\` URI and no extra request, so a strict Content-Security-Policy keeps working. Decorative: the
// label names the button. Generated by scripts/logo.mjs from assets/franceconnect-logo.svg; do not edit.
export const logo = html\`<svg class="logo" viewBox="0 0 400 480" aria-hidden="true">
  ${paths.join('\n  ')}
</svg>\`;
`,
);
