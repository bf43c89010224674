// A CouchDB-protocol server for the Team sync specs: pouchdb-server (tests/sync-server, installed
// by .ci/setup), in memory, on 127.0.0.1 at a free port, started in its own temp folder (it writes
// config.json and log.txt where it runs) and stopped with its whole process group. Plus tiny Node
// stand-ins for what pouchdb-server cannot show: a server without CORS, and one that refuses to
// create a database (pouchdb-server's own `PUT /{db}` by a non-admin crashes it).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'sync-server', 'node_modules', '.bin', 'pouchdb-server');

/** A port nobody listens on now (the OS picks it; it is closed again before use). */
export async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Starts pouchdb-server; resolves once it answers `GET /`. Returns { url, request, close }:
 *  `url` ends with '/'; `request(method, path, { body, auth: [user, password] })` → { status, json }. */
export async function startCouch() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run bash .ci/setup`);
  const dir = await mkdtemp(join(tmpdir(), 'rapport-couch-'));
  const port = await freePort();
  const child = spawn(BIN, ['--in-memory', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}/`;
  const request = async (method, path, { body, auth } = {}) => {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) headers.authorization = 'Basic ' + Buffer.from(auth.join(':')).toString('base64');
    const res = await fetch(url + path.replace(/^\//, ''), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = text; }
    return { status: res.status, json };
  };
  const close = async () => {
    if (child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await Promise.race([new Promise((ok) => child.once('exit', ok)), sleep(3000)]);
      if (child.exitCode === null) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    await rm(dir, { recursive: true, force: true });
  };
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) { await close(); throw new Error(`pouchdb-server exited:\n${output}`); }
    try {
      const r = await request('GET', '/');
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > end) { await close(); throw new Error(`pouchdb-server did not answer in 30 s:\n${output}`); }
    await sleep(200);
  }
  return { url, request, close, log: () => output };
}

/** Sets up a server the way a shop would: an admin (so a wrong password gets 401), a database, a
 *  staff user who is a member of it, and one who is not. Returns the names and passwords. */
export async function setUpShop(couch, db = 'shop') {
  const admin = ['admin', 'admin-secret'];
  const staff = ['siti', 'siti-secret'];
  const outsider = ['budi', 'budi-secret'];
  const must = async (what, r, ...ok) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  };
  await must('admin', await couch.request('PUT', `/_config/admins/${admin[0]}`, { body: admin[1] }), 200);
  await must('database', await couch.request('PUT', `/${db}`, { auth: admin }), 201);
  for (const [name, password] of [staff, outsider]) {
    await must(`user ${name}`, await couch.request('PUT', `/_users/org.couchdb.user:${name}`, {
      auth: admin, body: { name, password, roles: [], type: 'user' },
    }), 201);
  }
  await must('_security', await couch.request('PUT', `/${db}/_security`, {
    auth: admin, body: { admins: { names: [], roles: [] }, members: { names: [staff[0]], roles: [] } },
  }), 200);
  return { db, admin, staff, outsider };
}

/** A tiny HTTP server answering every request with `answer(req)` → [status, body, headers?]; with
 *  `cors: true` it lets any origin read it (and answers preflights), else it sends no CORS header
 *  at all, like a CouchDB whose CORS is off. Returns { url, requests, close }. */
export async function stubServer({ cors = false, answer = () => [200, { couchdb: 'Welcome' }] } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const allow = cors ? {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, PUT, POST, HEAD, DELETE',
      'access-control-allow-headers': 'accept, authorization, content-type, origin, referer',
    } : {};
    if (req.method === 'OPTIONS') { res.writeHead(cors ? 204 : 405, allow).end(); return; }
    const [status, body, headers = {}] = answer(req);
    res.writeHead(status, { 'content-type': 'application/json', ...allow, ...headers });
    res.end(JSON.stringify(body));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }),
  };
}
