//! Products (schema v7): `products` (the records) and `product_photos` (key = the product's id,
//! value `{id, blob, updated_at}` with the photo as a Blob, kept apart so lists stay light).
//!
//! Each user action is one transaction: saving a product together with its new (or removed)
//! photo, moving it to the Trash, importing a CSV (all rows or none). Edits are checked against
//! the version the owner saw, like the "Get paid" records: a product changed since gives
//! `Conflict` and nothing is written.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::basics::time::Millis;
use crate::domain::formats::backup::BackupRecord;
use crate::domain::formats::encrypted::{b64_decode, b64_encode};
use crate::domain::records::products::{Product, ProductPhoto};

use super::{from_js, to_js, Result, Store, StoreError};

pub(super) const PRODUCTS: &str = "products";
pub(super) const PHOTOS: &str = "product_photos";
const JPEG_PREFIX: &str = "data:image/jpeg;base64,";

/// A stored photo: the product's id, the JPEG as a Blob, and when it was set.
#[derive(Clone, Debug)]
pub struct PhotoEntry {
    pub id: String,
    pub blob: web_sys::Blob,
    pub updated_at: Millis,
}

/// What a save does to the product's photo.
#[derive(Clone, Debug)]
pub enum PhotoChange {
    /// Keeps it as it is.
    Keep,
    /// Sets it to this JPEG (the product's `photo_at` should be the save's time).
    Set(web_sys::Blob),
    /// Removes it (the product's `photo_at` should be `None`).
    Remove,
}

impl PhotoEntry {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"id".into(), &self.id.as_str().into());
        let _ = js_sys::Reflect::set(&o, &"blob".into(), &self.blob);
        let _ = js_sys::Reflect::set(&o, &"updated_at".into(), &(self.updated_at as f64).into());
        o.into()
    }

    fn from_js(v: &JsValue) -> Result<PhotoEntry> {
        let get = |k: &str| js_sys::Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let id = get("id")
            .as_string()
            .ok_or_else(|| StoreError::Corrupt("product photo without id".into()))?;
        let blob = get("blob")
            .dyn_into::<web_sys::Blob>()
            .map_err(|_| StoreError::Corrupt("product photo without a Blob".into()))?;
        let updated_at = get("updated_at").as_f64().unwrap_or(0.0) as Millis;
        Ok(PhotoEntry {
            id,
            blob,
            updated_at,
        })
    }

    /// The entry of a photo from a backup or a sync document: its `data:image/jpeg;base64,…`
    /// URL decoded into a Blob (synchronous, so it can be written inside a transaction).
    pub fn from_photo(p: &ProductPhoto) -> Result<PhotoEntry> {
        let bytes = p
            .data_url
            .strip_prefix(JPEG_PREFIX)
            .and_then(b64_decode)
            .ok_or_else(|| StoreError::Corrupt(format!("photo of {} is not a JPEG", p.id)))?;
        Ok(PhotoEntry {
            id: p.id.clone(),
            blob: jpeg_blob(&bytes)?,
            updated_at: p.updated_at,
        })
    }

    /// The photo as a backup or sync document holds it (reads the Blob: not inside a
    /// transaction).
    pub async fn to_photo(&self) -> Result<ProductPhoto> {
        let buf = wasm_bindgen_futures::JsFuture::from(self.blob.array_buffer())
            .await
            .map_err(|_| StoreError::Corrupt(format!("photo of {} cannot be read", self.id)))?;
        let bytes = js_sys::Uint8Array::new(&buf).to_vec();
        Ok(ProductPhoto {
            id: self.id.clone(),
            data_url: format!("{JPEG_PREFIX}{}", b64_encode(&bytes)),
            updated_at: self.updated_at,
            deleted_at: None,
        })
    }
}

/// A JPEG's bytes as a Blob.
pub fn jpeg_blob(bytes: &[u8]) -> Result<web_sys::Blob> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| StoreError::Corrupt("Blob".into()))
}

/// Checks `record` against the stored version in `tx` (see [`Store::save_product`]).
async fn check(tx: &Transaction<'_>, record: &Product, expected: Option<Millis>) -> Result<()> {
    let old: Option<JsValue> = tx
        .object_store(PRODUCTS)?
        .get(record.id.as_str())
        .primitive()?
        .await?;
    let old: Option<Product> = old.map(|v| from_js(&v)).transpose()?;
    match (&old, expected) {
        (None, None) => Ok(()),
        (Some(o), Some(e)) if o.updated_at == e => Ok(()),
        (None, Some(_)) => Err(StoreError::NotFound),
        _ => Err(StoreError::Conflict),
    }
}

/// Writes (or, when it is not newer than the stored one, skips) the photo entries of `photos`
/// in `tx`: a backup's or a merge's photos never replace a newer photo on the phone.
pub(super) async fn put_photos(tx: &Transaction<'_>, photos: &[ProductPhoto]) -> Result<()> {
    let store = tx.object_store(PHOTOS)?;
    for p in photos {
        let old: Option<JsValue> = store.get(p.id.as_str()).primitive()?.await?;
        let newer = match old {
            Some(v) => PhotoEntry::from_js(&v).map_or(true, |o| o.updated_at < p.updated_at),
            None => true,
        };
        if p.deleted_at.is_some() {
            if newer {
                store.delete(p.id.as_str()).primitive()?.await?;
            }
            continue;
        }
        if newer {
            store
                .put(PhotoEntry::from_photo(p)?.to_js())
                .primitive()?
                .await?;
        }
    }
    Ok(())
}

impl Store {
    /// Every product, Trash and archived included.
    pub async fn products(&self) -> Result<Vec<Product>> {
        self.all_docs::<Product>().await
    }

    /// Saves a product, new (`expected_updated_at = None`: `Conflict` if the id exists) or an
    /// edit of the version the owner saw (`NotFound` if it is gone, `Conflict` if it changed
    /// since), with what happens to its photo — in one transaction.
    pub async fn save_product(
        &self,
        record: &Product,
        expected_updated_at: Option<Millis>,
        photo: &PhotoChange,
    ) -> Result<()> {
        let value = to_js(record)?;
        let tx = self
            .db
            .transaction([PRODUCTS, PHOTOS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        check(&tx, record, expected_updated_at).await?;
        tx.object_store(PRODUCTS)?.put(value).primitive()?.await?;
        let photos = tx.object_store(PHOTOS)?;
        match photo {
            PhotoChange::Keep => {}
            PhotoChange::Set(blob) => {
                let entry = PhotoEntry {
                    id: record.id.clone(),
                    blob: blob.clone(),
                    updated_at: record.photo_at.unwrap_or(record.updated_at),
                };
                photos.put(entry.to_js()).primitive()?.await?;
            }
            PhotoChange::Remove => {
                photos.delete(record.id.as_str()).primitive()?.await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Moves a product to the Trash (`trash = true`) or back, if it is still the version the
    /// owner saw. Returns it as stored.
    pub async fn trash_product(
        &self,
        id: &str,
        expected_updated_at: Millis,
        trash: bool,
        now: Millis,
    ) -> Result<Product> {
        self.trash_paid::<Product>(id, expected_updated_at, trash, now)
            .await
    }

    /// Writes imported products (new ones and updates of existing ones) in one transaction: all
    /// or nothing.
    pub async fn import_products(&self, list: &[Product]) -> Result<()> {
        let values = list.iter().map(to_js).collect::<Result<Vec<_>>>()?;
        let tx = self
            .db
            .transaction(PRODUCTS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(PRODUCTS)?;
        let mut last = None;
        for v in values {
            last = Some(store.put(v).primitive()?);
        }
        if let Some(req) = last {
            req.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A product's photo, if it has one.
    pub async fn product_photo(&self, id: &str) -> Result<Option<web_sys::Blob>> {
        let tx = self.db.transaction(PHOTOS).build()?;
        let v: Option<JsValue> = tx.object_store(PHOTOS)?.get(id).primitive()?.await?;
        v.map(|v| PhotoEntry::from_js(&v).map(|e| e.blob))
            .transpose()
    }

    /// Every stored photo (for a backup that includes them, and for Team sync).
    pub async fn photo_entries(&self, since: Option<Millis>) -> Result<Vec<PhotoEntry>> {
        let values = self.values_since(PHOTOS, since).await?;
        values.iter().map(PhotoEntry::from_js).collect()
    }

    /// Every stored photo as data URLs (the backup's `product_photos` when the owner includes
    /// them). Reads the Blobs after the transaction.
    pub async fn product_photos(&self) -> Result<Vec<ProductPhoto>> {
        let mut out = Vec::new();
        for e in self.photo_entries(None).await? {
            out.push(e.to_photo().await?);
        }
        crate::domain::basics::sort::by(&mut out, |a, b| a.id().cmp(b.id()));
        Ok(out)
    }
}

impl super::paid::Paid for Product {}
