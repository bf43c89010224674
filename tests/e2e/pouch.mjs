// PouchDB in Node as a third replica for the Team sync specs (npm `pouchdb` 9 with the in-memory
// adapter, installed beside pouchdb-server in tests/sync-server by .ci/setup): it replicates with
// the test server as any CouchDB client does, so what Rapport pushes must read back here as the same
// documents, and what it writes here (in Rapport's format, docs/sync.md "Documents and revisions")
// must show on the phones.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'sync-server', 'package.json'));

let PouchDB;
/** PouchDB with the memory adapter, loaded on first use (so a spec that never opens one does not
 *  need tests/sync-server installed). */
function pouchDB() {
  if (!PouchDB) {
    try {
      PouchDB = require('pouchdb');
      PouchDB.plugin(require('pouchdb-adapter-memory'));
    } catch (e) {
      throw new Error(`PouchDB is missing from tests/sync-server (run bash .ci/setup): ${e.message}`);
    }
  }
  return PouchDB;
}

let opened = 0;
/** A fresh, empty in-memory PouchDB. The memory adapter shares a database between every handle of
 *  the same name in this process, so each call gets its own name (`name` plus a counter). */
export function openPouch(name = 'replica') {
  const P = pouchDB();
  opened += 1;
  return new P(`${name}-${process.pid}-${opened}`, { adapter: 'memory' });
}

/** A handle on the server's database (`serverDbUrl` like `http://127.0.0.1:5984/shop`), signed in
 *  with HTTP Basic as [user, password]; it never creates the database. */
export function remote(serverDbUrl, auth) {
  const P = pouchDB();
  const opts = { skip_setup: true };
  if (auth) opts.auth = { username: auth[0], password: auth[1] };
  return new P(serverDbUrl.replace(/\/$/, ''), opts);
}

/** One-shot replication server → `pouch` (PouchDB's own `replicate.from`); resolves to PouchDB's
 *  result ({ ok, docs_read, docs_written, doc_write_failures, errors, … }) and throws if it failed. */
export async function replicateFrom(pouch, serverDbUrl, auth) {
  const source = remote(serverDbUrl, auth);
  try {
    const result = await pouch.replicate.from(source, { batch_size: 100 });
    if (!result.ok || result.doc_write_failures) throw new Error(`replicate.from failed: ${JSON.stringify(result)}`);
    return result;
  } finally { await source.close(); }
}

/** One-shot replication `pouch` → server; as replicateFrom. */
export async function replicateTo(pouch, serverDbUrl, auth) {
  const target = remote(serverDbUrl, auth);
  try {
    const result = await pouch.replicate.to(target, { batch_size: 100 });
    if (!result.ok || result.doc_write_failures) throw new Error(`replicate.to failed: ${JSON.stringify(result)}`);
    return result;
  } finally { await target.close(); }
}

/** A document with its conflicts and history (`_conflicts`, `_revisions`; PouchDB has no
 *  `_deleted_conflicts`: use `leaves`), or null when there is none (or it is deleted and `deleted`
 *  is not asked for). */
export async function getDoc(db, id, { rev, deleted = false } = {}) {
  try {
    const opts = { conflicts: true, revs: true };
    if (rev) opts.rev = rev;
    return await db.get(id, opts);
  } catch (e) {
    if (e.status === 404) {
      if (!deleted) return null;
      const [row] = await db.get(id, { open_revs: 'all', revs: true }).catch(() => []);
      return row?.ok ?? null;
    }
    throw e;
  }
}

/** Every live document (design documents left out), each with `_conflicts` when it has any, by id. */
export async function allDocs(db) {
  const { rows } = await db.allDocs({ include_docs: true, conflicts: true });
  return rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc);
}

/** Every leaf of a document (`open_revs=all`): [{ _rev, _deleted?, …body }], winner not marked. */
export async function leaves(db, id) {
  const rows = await db.get(id, { open_revs: 'all' });
  return rows.filter((r) => r.ok).map((r) => r.ok);
}

// ---------------------------------------------------------------------------------------------
// Rapport's document format (docs/sync.md), so PouchDB can write what a phone would write.

/** JSON with object keys sorted and no white space: Rapport's canonical JSON for records (whose
 *  keys are ASCII, so sorting UTF-16 code units equals sorting UTF-8 bytes; numbers are integers). */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The record's fields of a document: every key but CouchDB's `_` ones and `rapport`. */
export function bodyOf(doc) {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_') && k !== 'rapport'));
}

/** Rapport's deterministic revision id: `N-md5("rapport-rev-1\n<parent>\n<0|1>\n<canonical body>")`. */
export function rapportRev(parent, deleted, body) {
  const n = parent ? Number(parent.split('-')[0]) + 1 : 1;
  const text = `rapport-rev-1\n${parent ?? ''}\n${deleted ? 1 : 0}\n${deleted ? '{}' : canonicalJson(body)}`;
  return `${n}-${createHash('md5').update(text, 'utf8').digest('hex')}`;
}

/** A document as Rapport writes it: `_id` = `<store>:<record id>`, the record's fields, `rapport: 1`,
 *  and a deterministic `_rev` (a child of `parent`, whose `_revisions` are `parentRevisions`) with
 *  its `_revisions`. Write it with `db.bulkDocs([doc], { new_edits: false })`. */
export function rapportDoc(store, record, { parent, parentRevisions } = {}) {
  const rev = rapportRev(parent, false, record);
  const [start, hash] = rev.split(/-(.*)/s);
  const older = parentRevisions?.ids ?? (parent ? [parent.split(/-(.*)/s)[1]] : []);
  return {
    _id: `${store}:${record.id}`,
    _rev: rev,
    _revisions: { start: Number(start), ids: [hash, ...older] },
    ...record,
    rapport: 1,
  };
}

/** An id shaped like Rapport's (`<12 hex digits of ms>-<20 hex digits>`), for records made here. */
export function recordId(now = Date.now()) {
  const random = createHash('md5').update(`${now}-${Math.random()}`).digest('hex').slice(0, 20);
  return `${now.toString(16).padStart(12, '0')}-${random}`;
}
