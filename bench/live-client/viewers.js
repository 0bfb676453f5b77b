// Many viewers of one job's live output, each its own WebSocket from the `ws` library, as independent
// browsers are: its own connection, compression offered as browsers offer it, every message parsed.
// Usage: node viewers.js WS_URL VIEWERS LINES ADDRESSES
// Viewers connect from 127.0.0.1 .. 127.0.0.ADDRESSES in turn. Prints "open" once all are connected, then,
// when every socket has closed, one JSON line: delays (receive time - the line's stamp) and CPU use.
import WebSocket from 'ws';
import os from 'node:os';

const [url, viewerCount, lineCount, addressCount] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const STAMP = /T (\d+\.\d+)/g;
const WAVE = 500;

const now = () => performance.timeOrigin + performance.now();
const delays = new Float64Array(viewerCount * lineCount);
const received = new Int32Array(viewerCount);

function connect(index) {
  return new Promise((opened, failed) => {
    const socket = new WebSocket(url, { localAddress: `127.0.0.${1 + (index % addressCount)}`, maxPayload: 4 << 20 });
    const closed = new Promise(resolve => socket.on('close', resolve));
    socket.on('message', data => {
      const at = now();
      const message = JSON.parse(data.toString());
      if (message.stream !== 'stdout') {
        return;
      }
      for (const stamp of message.data.matchAll(STAMP)) {
        const seen = received[index]++;
        if (seen < lineCount) {
          delays[index * lineCount + seen] = at - Number(stamp[1]);
        }
      }
    });
    socket.once('open', () => opened({ closed })); // wrapped: a promise resolved with a promise waits for it
    // Before it opens, an error fails the run; after, the viewer's close event says it is over.
    socket.on('error', failed);
  });
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
}

const closings = [];
for (let start = 0; start < viewerCount; start += WAVE) {
  const wave = [];
  for (let v = start; v < Math.min(viewerCount, start + WAVE); v++) {
    wave.push(connect(v));
  }
  closings.push(...(await Promise.all(wave)).map(viewer => viewer.closed));
}
const cpuBefore = process.cpuUsage();
const wallBefore = now();
console.log('open');
await Promise.all(closings);
const cpu = process.cpuUsage(cpuBefore);
const wall = now() - wallBefore;

let complete = 0;
const kept = [];
for (let v = 0; v < viewerCount; v++) {
  if (received[v] === lineCount) {
    complete++;
  }
  kept.push(delays.subarray(v * lineCount, v * lineCount + Math.min(received[v], lineCount)));
}
const all = new Float64Array(kept.reduce((sum, part) => sum + part.length, 0));
let offset = 0;
for (const part of kept) {
  all.set(part, offset);
  offset += part.length;
}
all.sort();
console.log(JSON.stringify({
  viewers: viewerCount, complete, lines: all.length,
  p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99),
  cpuShare: (cpu.user + cpu.system) / 1000 / wall / os.availableParallelism(),
}));
process.exit(0);
