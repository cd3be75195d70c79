// An HTTP front for the stdio MCP server, for the official conformance suite (which speaks only Streamable HTTP).
// One server process per session, started by the session's initialize; every message is passed through unchanged:
// a POSTed request is written to the process's stdin as one line, and what the process writes until that request's
// answer (notifications, its own requests) goes back as Server-Sent Events on the POST's response, the answer last.
// POSTed notifications and responses get 202. GET has no stream here (405, which the transport allows); DELETE ends
// the session. Usage: node bridge.mjs PORT -- COMMAND ARGS...   (prints "listening PORT" when ready)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';

const port = Number(process.argv[2]);
const command = process.argv.slice(process.argv.indexOf('--') + 1);
const sessions = new Map();

function startSession() {
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const session = { child, waiting: new Map(), stray: [] };
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message;
    try { message = JSON.parse(line); } catch { message = null; }
    const isAnswer = message && !Array.isArray(message) && message.id !== undefined && message.method === undefined;
    const key = isAnswer ? JSON.stringify(message.id) : null;
    if (key !== null && session.waiting.has(key)) {
      const res = session.waiting.get(key);
      session.waiting.delete(key);
      res.write(`event: message\ndata: ${line}\n\n`);
      res.end();
      return;
    }
    // a notification or a request of the server's: to the stream of the request it most likely belongs to
    const open = [...session.waiting.values()];
    if (open.length > 0) open[open.length - 1].write(`event: message\ndata: ${line}\n\n`);
    else session.stray.push(line);
  });
  child.on('exit', () => {
    for (const res of session.waiting.values()) res.end();
    session.waiting.clear();
  });
  return session;
}

// A local bridge answers only local pages (DNS rebinding): Host and Origin, when given, must name this machine.
const local = (value) => !value || /^(https?:\/\/)?(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(value);

createServer((req, res) => {
  if (!local(req.headers.host) || !local(req.headers.origin)) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: not a local Host/Origin');
    return;
  }
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const id = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      const s = sessions.get(id);
      if (s) { s.child.stdin.end(); sessions.delete(id); }
      res.writeHead(s ? 200 : 404).end();
      return;
    }
    if (req.method !== 'POST') { res.writeHead(405, { Allow: 'POST, DELETE' }).end(); return; }
    let message;
    try { message = JSON.parse(body); } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
      return;
    }
    let session = id ? sessions.get(id) : undefined;
    let sessionId = id;
    if (!session) {
      if (id || message.method !== 'initialize') {
        res.writeHead(id ? 404 : 400, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'No such session' } }));
        return;
      }
      sessionId = randomUUID();
      session = startSession();
      sessions.set(sessionId, session);
    }
    const headers = { 'Mcp-Session-Id': sessionId };
    if (message.method !== undefined && message.id !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      session.waiting.set(JSON.stringify(message.id), res);
    } else {
      res.writeHead(202, headers).end();
    }
    session.child.stdin.write(JSON.stringify(message) + '\n');
  });
}).listen(port, '127.0.0.1', () => console.log(`listening ${port}`));

process.on('SIGTERM', () => { for (const s of sessions.values()) s.child.kill(); process.exit(0); });
