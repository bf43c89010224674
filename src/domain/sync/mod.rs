//! Team sync's pure rules (docs/sync.md, "Documents and revisions"): CouchDB revision ids made
//! deterministically ([`rev`]), a record's revision tree with CouchDB's winner, conflicts and
//! trimming ([`tree`]), the sync document format on the wire ([`doc`]) and the deterministic
//! resolution of a conflict ([`conflict`]), the connection's setup and test
//! ([`setup`]), and the replication protocol's requests and answers without I/O ([`protocol`]).
//! May import every other folder of the domain; the HTTP requests themselves, IndexedDB and
//! WebCrypto live in `store/` and `platform/`.

pub mod conflict;
pub mod doc;
pub mod protocol;
pub mod replica;
pub mod rev;
pub mod setup;
pub mod team;
pub mod tree;
