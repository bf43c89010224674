//! Reads for the dashboard, pipeline and segments: events of one kind dated from a point on,
//! through the `at` index (no per-customer history scans).

use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::records::events::EventRecord;

use super::{from_js, Result, Store};

impl Store {
    /// Every record of `T`'s event store dated at or after `from` (all of them with `None`),
    /// oldest first, the Trash included.
    pub async fn records_since<T: EventRecord>(&self, from: Option<Millis>) -> Result<Vec<T>> {
        let tx = self.db.transaction(T::STORE).build()?;
        let store = tx.object_store(T::STORE)?;
        let index = store.index("at")?;
        let values: Vec<JsValue> = match from {
            Some(from) => index
                .get_all()
                .with_query::<f64, _>(indexed_db_futures::KeyRange::LowerBound(from as f64, false))
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?,
            None => index
                .get_all()
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?,
        };
        values.iter().map(from_js).collect()
    }
}
