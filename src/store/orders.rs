//! Reads for orders (issue 16): the purchases that are orders, through the `due` index (schema
//! v7), so Today's deliveries and the Orders list never scan every purchase.

use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use crate::domain::records::events::Purchase;

use super::{from_js_list, Result, Store};

impl Store {
    /// Every purchase that is an order (the Trash included), soonest due first.
    pub async fn orders(&self) -> Result<Vec<Purchase>> {
        let tx = self.db.transaction("purchases").build()?;
        let store = tx.object_store("purchases")?;
        let values: Vec<JsValue> = store
            .index("due")?
            .get_all()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        from_js_list(values)
    }
}
