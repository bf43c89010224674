//! The replicator's encryption in an encrypted team (docs/sync.md, "Encrypted team databases"):
//! the live documents it pushes carry only `enc` (AES-256-GCM of the plain body, a random IV),
//! and the `enc` documents it pulls are opened back into plain ones. WebCrypto is asynchronous,
//! so this happens outside any IndexedDB transaction, before a push and before a pull's batch
//! is applied.

use serde_json::Value;

use crate::domain::formats::encrypted::{b64_decode, b64_encode};
use crate::domain::sync::doc::{self, Body, Doc, Encrypted, ENCRYPTED_VERSION};
use crate::domain::sync::replica::WireItem;
use crate::platform::crypto::{self, CryptoError, TeamKeys};

/// The documents for the wire: deletions as they are, live revisions plain (`keys` `None`) or
/// encrypted.
pub async fn wire_docs(
    items: Vec<WireItem>,
    keys: Option<&TeamKeys>,
) -> Result<Vec<Value>, CryptoError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(match item {
            WireItem::Deletion(v) => v,
            WireItem::Live {
                id,
                rev,
                revisions,
                record,
            } => match keys {
                None => doc::to_wire(&record, &rev, revisions.as_ref()),
                Some(k) => {
                    let plain = doc::plain_body_text(&record);
                    let (iv, data) = crypto::team_seal(&k.aes, plain.as_bytes()).await?;
                    let enc = Encrypted {
                        v: ENCRYPTED_VERSION,
                        iv: b64_encode(&iv),
                        data: b64_encode(&data),
                    };
                    doc::encrypted_to_wire(&id, &rev, revisions.as_ref(), &enc)
                }
            },
        });
    }
    Ok(out)
}

/// `doc` with its body opened: a plain document or a deletion as it is; an encrypted one
/// decrypted and read. `None` when it does not open (no key, another key, a damaged body).
pub async fn open(doc: Doc, keys: Option<&TeamKeys>) -> Option<Doc> {
    let Body::Encrypted(enc) = &doc.body else {
        return Some(doc);
    };
    let k = keys?;
    let iv = b64_decode(&enc.iv)?;
    let data = b64_decode(&enc.data)?;
    let plain = crypto::team_open(&k.aes, &iv, &data).await.ok()?;
    let text = String::from_utf8(plain).ok()?;
    let record = doc::read_plain_body(&doc.id, &text).ok()?;
    Some(Doc {
        body: Body::Plain(Box::new(record)),
        ..doc
    })
}
