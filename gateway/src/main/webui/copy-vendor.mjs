// Copies the browser builds of the installed packages into dist/, which Quinoa serves at /vendor.
// The pages name files without versions (/vendor/xterm/xterm.js): the version lives in package.json
// and package-lock.json only.
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const files = {
  'xterm/xterm.js': '@xterm/xterm/lib/xterm.js',
  'xterm/xterm.css': '@xterm/xterm/css/xterm.css',
  'xterm/addon-fit.js': '@xterm/addon-fit/lib/addon-fit.js',
  'xterm/addon-web-links.js': '@xterm/addon-web-links/lib/addon-web-links.js',
  'uplot/uPlot.iife.min.js': 'uplot/dist/uPlot.iife.min.js',
  'uplot/uPlot.min.css': 'uplot/dist/uPlot.min.css',
};
rmSync('dist', { recursive: true, force: true });
for (const [target, source] of Object.entries(files)) {
  mkdirSync(`dist/${target.slice(0, target.lastIndexOf('/'))}`, { recursive: true });
  cpSync(`node_modules/${source}`, `dist/${target}`);
}
console.log(`copied ${Object.keys(files).length} files to dist/`);
