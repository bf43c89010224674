//! Reads for the dashboard, pipeline and segments: events of one kind dated from a point on,
//! through the `at` index (no per-customer history scans), converted in one go
//! ([`from_js_list`]: one JSON conversion for the whole list, not one per record).

use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::records::events::EventRecord;

use super::{from_js_list, Result, Store};

impl Store {
    /// Every record of `T`'s event store dated at or after `from` (all of them with `None`),
    /// oldest first, the Trash included.
    pub async fn records_since<T: EventRecord>(&self, from: Option<Millis>) -> Result<Vec<T>> {
        match from {
            Some(from) => self.records_between(from, None).await,
            None => {
                let tx = self.db.transaction(T::STORE).build()?;
                let store = tx.object_store(T::STORE)?;
                let values: Vec<JsValue> = store
                    .index("at")?
                    .get_all()
                    .primitive()?
                    .await?
                    .collect::<std::result::Result<_, _>>()?;
                from_js_list(values)
            }
        }
    }

    /// Every record of `T`'s event store dated in `[from, to)` (no end with `None`), oldest
    /// first, the Trash included.
    pub async fn records_between<T: EventRecord>(
        &self,
        from: Millis,
        to: Option<Millis>,
    ) -> Result<Vec<T>> {
        use indexed_db_futures::KeyRange;
        if to.is_some_and(|to| to <= from) {
            return Ok(Vec::new());
        }
        let range = match to {
            Some(to) => KeyRange::Bound(from as f64, false, to as f64, true),
            None => KeyRange::LowerBound(from as f64, false),
        };
        let tx = self.db.transaction(T::STORE).build()?;
        let store = tx.object_store(T::STORE)?;
        let values: Vec<JsValue> = store
            .index("at")?
            .get_all()
            .with_query::<f64, _>(range)
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        from_js_list(values)
    }
}
