//! IndexedDB tests of the products stores (schema v7), run in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test store_products`
#![cfg(target_arch = "wasm32")]

use rapport::domain::basics::money::Currency;
use rapport::domain::formats::backup::{Data, Meta};
use rapport::domain::records::products::*;
use rapport::store::{jpeg_blob, PhotoChange, Store, StoreError, SCHEMA_VERSION};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(tag: &str) -> (Store, String) {
    let name = format!("rapport-test-products-{tag}-{}", js_sys::Math::random());
    Store::delete_database(&name).await.expect("delete");
    let store = Store::open(&name, || {}).await.expect("open");
    (store, name)
}

fn product(id: &str, name: &str, now: i64) -> Product {
    ProductDraft {
        name: name.into(),
        price: "1000".into(),
        stock: "5".into(),
        ..ProductDraft::default()
    }
    .build_new(id.into(), now, Currency::IDR)
    .expect("valid draft")
}

const JPEG: [u8; 8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 0xFF, 0xD9];

#[wasm_bindgen_test]
async fn migration_from_v6_adds_the_product_stores() {
    let name = format!("rapport-test-products-migrate-{}", js_sys::Math::random());
    Store::delete_database(&name).await.unwrap();
    let v6 = Store::open_version(&name, 6, || {}).await.unwrap();
    assert!(!v6.store_names().contains(&"products".to_string()));
    v6.close();
    let now = Store::open(&name, || {}).await.unwrap();
    assert_eq!(now.version(), SCHEMA_VERSION);
    let names = now.store_names();
    assert!(names.contains(&"products".to_string()));
    assert!(names.contains(&"product_photos".to_string()));
    assert_eq!(
        now.index_names("product_photos").await.unwrap(),
        vec!["updated_at".to_string()]
    );
}

#[wasm_bindgen_test]
async fn save_with_photo_edit_conflict_and_remove() {
    let (store, _) = fresh("save").await;
    let mut p = product("p1", "Pandan cake", 10);
    p.photo_at = Some(10);
    let blob = jpeg_blob(&JPEG).unwrap();
    store
        .save_product(&p, None, &PhotoChange::Set(blob))
        .await
        .unwrap();
    // A second "new" with the same id is refused.
    assert_eq!(
        store.save_product(&p, None, &PhotoChange::Keep).await,
        Err(StoreError::Conflict)
    );
    let photo = store.product_photo("p1").await.unwrap().expect("a photo");
    assert_eq!(photo.size() as usize, JPEG.len());
    assert_eq!(photo.type_(), "image/jpeg");
    // An edit of an older version is refused and nothing changes.
    let mut edit = p.clone();
    edit.name = "Renamed".into();
    edit.updated_at = 20;
    assert_eq!(
        store
            .save_product(&edit, Some(9), &PhotoChange::Remove)
            .await,
        Err(StoreError::Conflict)
    );
    assert!(store.product_photo("p1").await.unwrap().is_some());
    edit.photo_at = None;
    store
        .save_product(&edit, Some(10), &PhotoChange::Remove)
        .await
        .unwrap();
    assert!(store.product_photo("p1").await.unwrap().is_none());
    assert_eq!(store.products().await.unwrap(), vec![edit.clone()]);
    let gone = store.trash_product("p1", 20, true, 30).await.unwrap();
    assert_eq!(gone.deleted_at, Some(30));
}

#[wasm_bindgen_test]
async fn photos_as_data_urls_and_back_through_a_restore() {
    let (store, _) = fresh("backup").await;
    let mut p = product("p1", "Pandan cake", 10);
    p.photo_at = Some(10);
    store
        .save_product(&p, None, &PhotoChange::Set(jpeg_blob(&JPEG).unwrap()))
        .await
        .unwrap();
    store
        .import_products(&[product("p2", "Candles", 11), product("p3", "Tea", 12)])
        .await
        .unwrap();
    let photos = store.product_photos().await.unwrap();
    assert_eq!(photos.len(), 1);
    assert!(photos[0]
        .data_url
        .starts_with("data:image/jpeg;base64,/9j/"));
    let mut data = store.export_data().await.unwrap();
    assert_eq!(data.products.len(), 3);
    assert!(data.product_photos.is_empty(), "photos only on request");
    data.product_photos = photos.clone();
    let text = rapport::domain::formats::backup::export(&data, &Meta::new(1, "d"));
    let back = rapport::domain::formats::backup::parse(text.as_bytes()).unwrap();
    // Restored into another phone: the products and the photo (as a Blob) come back.
    let (other, _) = fresh("restore").await;
    other
        .replace_all_with("d2", 5, |_| back.data.clone(), &|_, _| true)
        .await
        .unwrap();
    assert_eq!(other.products().await.unwrap().len(), 3);
    assert_eq!(other.product_photos().await.unwrap(), photos);
    // A restore without photos keeps the phone's.
    other
        .replace_all_with(
            "d2",
            6,
            |_| Data {
                products: back.data.products.clone(),
                ..Data::default()
            },
            &|_, _| true,
        )
        .await
        .unwrap();
    assert_eq!(other.product_photos().await.unwrap(), photos);
}
