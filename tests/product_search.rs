//! Native tests of picking a product as you type (`domain/records/product_search.rs`): accents,
//! categories, ranking like customer search, products not on offer left out, and the incremental
//! search finding exactly what a fresh one finds.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::records::product_search::*;
use rapport::domain::records::products::Product;
use rapport::domain::records::search::Query;

fn product(id: &str, name: &str, category: &str) -> Product {
    Product {
        id: id.into(),
        name: name.into(),
        price: 1_000,
        category: category.into(),
        stock: None,
        low_stock: None,
        archived: false,
        photo_at: None,
        created_at: 0,
        updated_at: 0,
        deleted_at: None,
    }
}

fn list() -> Vec<Product> {
    let mut archived = product("a", "Crème brûlée (old)", "Postres");
    archived.archived = true;
    let mut trashed = product("t", "Crème caramel", "Postres");
    trashed.deleted_at = Some(1);
    vec![
        product("1", "Tarta de limón", "Postres"),
        product("2", "Crème brûlée", "Postres"),
        product("3", "Café con leche", "Bebidas"),
        product("4", "Pan de muerto", "Panadería"),
        product("5", "Limonada", "Bebidas"),
        archived,
        trashed,
        product("6", "Cafetera", "Cocina"),
        product("7", "Café", ""),
    ]
}

fn find(products: &[Product], q: &str) -> Vec<String> {
    Picker::new(products)
        .search(&Query::parse(q))
        .into_iter()
        .map(|i| products[i].name.clone())
        .collect()
}

#[test]
fn accents_and_case_do_not_matter() {
    let ps = list();
    assert_eq!(find(&ps, "creme brulee"), ["Crème brûlée"]);
    assert_eq!(find(&ps, "CRÈME"), ["Crème brûlée"]);
    assert_eq!(find(&ps, "panaderia"), ["Pan de muerto"]);
}

#[test]
fn ranking_is_the_customer_searchs() {
    let ps = list();
    // Exact name, then name prefix, then a word of the name, then elsewhere (category).
    assert_eq!(find(&ps, "cafe"), ["Café", "Café con leche", "Cafetera"]);
    assert_eq!(find(&ps, "limon"), ["Limonada", "Tarta de limón"]);
    // The category finds its products, after those named so.
    assert_eq!(find(&ps, "bebidas"), ["Café con leche", "Limonada"]);
}

#[test]
fn only_products_on_offer_are_picked() {
    let ps = list();
    let picker = Picker::new(&ps);
    assert_eq!(picker.len(), 7);
    assert_eq!(find(&ps, "caramel"), Vec::<String>::new());
    // An empty query gives every product on offer in list order.
    assert_eq!(
        find(&ps, "  "),
        [
            "Tarta de limón",
            "Crème brûlée",
            "Café con leche",
            "Pan de muerto",
            "Limonada",
            "Cafetera",
            "Café"
        ]
    );
}

fn arb_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "ca", "fé", "te", "ra", "lim", "ón", " ", "de", "pan", "10", "0",
        ]),
        1..6,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// Typing a query letter by letter into one picker finds exactly what a fresh picker finds.
    #[test]
    fn typing_finds_what_a_fresh_search_finds(
        names in prop::collection::vec((arb_name(), arb_name()), 0..40),
        query in arb_name(),
    ) {
        let ps: Vec<Product> = names
            .iter()
            .enumerate()
            .map(|(i, (n, c))| product(&i.to_string(), n, c))
            .collect();
        let mut typing = Picker::new(&ps);
        let mut typed = String::new();
        for ch in query.chars() {
            typed.push(ch);
            let q = Query::parse(&typed);
            prop_assert_eq!(typing.search(&q), Picker::new(&ps).search(&q));
        }
    }
}
