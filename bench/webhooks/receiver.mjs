// Webhook receiver for bench/run.sh webhooks: answers every POST 200 at once on each of the ports given, and counts
// per port (= per endpoint) the distinct webhook-id headers it got and how many arrived again (duplicates).
// Control on the last port: GET /stats, POST /reset.   node receiver.mjs CONTROL_PORT PORT1 [PORT2 …]
import http from 'node:http';

const [control, ...ports] = process.argv.slice(2).map(Number);
let seen, dups, total, first, last;
function reset() {
  seen = new Map(ports.map((p) => [p, new Set()]));
  dups = 0; total = 0; first = 0; last = 0;
}
reset();

for (const port of ports) {
  const ids = () => seen.get(port);
  http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const id = req.headers['webhook-id'];
    req.on('data', () => {});
    req.on('end', () => {
      const now = Date.now();
      if (!first) first = now;
      last = now;
      total++;
      const s = ids();
      if (s.has(id)) dups++; else s.add(id);
      res.writeHead(200, { 'Content-Length': '0' });
      res.end();
    });
  }).listen(port, '127.0.0.1');
}

http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    reset();
    res.end('{}');
    return;
  }
  const unique = [...seen.values()].reduce((n, s) => n + s.size, 0);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ unique, dups, total, first, last,
    perPort: Object.fromEntries([...seen].map(([p, s]) => [p, s.size])) }));
}).listen(control, '127.0.0.1', () => console.log(`receiver: ${ports.length} endpoints on ${ports[0]}-${ports.at(-1)}, control ${control}`));
