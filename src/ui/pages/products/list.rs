//! `#/products`: the product list (search by name or category, the archived ones on request),
//! each with its photo, price, stock and a low-stock badge; "Add a product"; CSV export and
//! import (all rows or none, each bad row named).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::formats::products_csv::{
    plan_import, products_csv, read_products, ProductCsvError, RowProblem,
};
use crate::domain::records::entry::date_input;
use crate::domain::records::products::Product;
use crate::domain::records::search::fold;
use crate::platform::{self, files};
use crate::ui::i18n::{fmt_money, plural};
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use super::{catalog, form::problem_text, Catalog, Thumb};

#[component]
pub fn ProductList() -> impl IntoView {
    super::style();
    let app = use_app();
    let data = catalog(app);
    let query = RwSignal::new(String::new());
    let archived = RwSignal::new(false);
    let import_errors = RwSignal::new(Vec::<String>::new());
    let export = move |_| {
        let Some(Ok(c)) = data.get_untracked() else {
            return;
        };
        let cur = app.settings.with_untracked(|s| s.currency);
        let text = products_csv(&c.products, &c.stock, cur);
        let day = date_input(platform::now(), platform::tz_offset());
        if let Err(e) = files::download(
            &format!("rapport-products-{day}.csv"),
            "text/csv;charset=utf-8",
            &text,
        ) {
            app.error(String::from(e));
        }
    };
    let on_import = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(input) = input else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        import_errors.set(Vec::new());
        spawn_local(async move {
            let result = async {
                let bytes = files::read(&file)
                    .await
                    .map_err(|e| vec![String::from(e)])?;
                let text = crate::domain::formats::import::decode(&bytes);
                let cur = app.settings.with_untracked(|s| s.currency);
                let current = super::load(app).await.map_err(|e| vec![e])?;
                let drafts = read_products(&text, cur).map_err(|e| csv_problems(&e))?;
                let mut next = platform::new_id;
                let list = plan_import(
                    &current.products,
                    &current.stock,
                    &drafts,
                    cur,
                    platform::now(),
                    &mut next,
                )
                .map_err(|e| csv_problems(&e))?;
                app.import_products(&list)
                    .await
                    .map_err(|e| vec![e.message()])?;
                Ok::<usize, Vec<String>>(list.len())
            }
            .await;
            match result {
                Ok(n) => app.notify(
                    plural(n, tr!(products.imported_one), tr!(products.imported)),
                    None,
                ),
                Err(list) => import_errors.set(list),
            }
        });
    };
    let shown = move |c: &Catalog| -> Vec<Product> {
        let q = fold(query.get().trim());
        let show_archived = archived.get();
        let mut list: Vec<Product> = c
            .products
            .iter()
            .filter(|p| !p.is_deleted() && (show_archived || !p.archived))
            .filter(|p| {
                q.is_empty() || fold(&p.name).contains(&q) || fold(&p.category).contains(&q)
            })
            .cloned()
            .collect();
        crate::domain::basics::sort::by(&mut list, |a, b| {
            fold(&a.name)
                .cmp(&fold(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        list
    };
    view! {
        <div class="list-page products">
            <div class="searchbar">
                <label class="search-field">
                    {icons::search()}
                    <input type="search" aria-label=tr!(products.search) placeholder=tr!(products.search)
                        autocomplete="off" prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || archived.get()
                        on:change=move |ev| archived.set(event_target_checked(&ev)) />
                    <span>{tr!(products.show_archived)}</span>
                </label>
            </div>
            <div class="pad product-actions">
                <a class="btn btn-primary" href=Route::Product("new".into()).href()>{icons::plus()}{tr!(products.add)}</a>
                <a class="btn btn-secondary" href=Route::Catalogue.href()>{tr!(products.share_catalogue)}</a>
                <button type="button" class="btn btn-secondary" on:click=export>{tr!(products.export_csv)}</button>
                <label class="btn btn-secondary file-btn">
                    {tr!(products.import_csv)}
                    <input type="file" accept=".csv,text/csv,text/plain" on:change=on_import />
                </label>
            </div>
            {move || (!import_errors.with(Vec::is_empty)).then(|| view! {
                <div class="notice notice-error pad" role="alert">
                    <p>{tr!(products.import_failed)}</p>
                    <ul>{import_errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || match data.get() {
                None => view! { <p class="loading" role="status">{tr!(common.opening)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="notice notice-error" role="alert">{msg}</p> }.into_any(),
                Some(Ok(c)) if c.products.iter().all(Product::is_deleted) => {
                    view! { <p class="card card-muted">{tr!(products.empty)}</p> }.into_any()
                }
                Some(Ok(c)) => {
                    let list = shown(&c);
                    if list.is_empty() {
                        return view! { <p class="card card-muted">{tr!(products.no_match)}</p> }.into_any();
                    }
                    let cur = app.settings.with_untracked(|s| s.currency);
                    view! {
                        <p class="muted pad count">{plural(list.len(), tr!(products.count_one), tr!(products.count_n))}</p>
                        <ul class="rows product-rows" aria-label=tr!(products.t_products)>
                            {list.into_iter().map(|p| {
                                let stock = c.stock.get(&p.id).copied();
                                let low = matches!((stock, p.low_stock), (Some(s), Some(l)) if s <= i64::from(l));
                                view! {
                                    <li>
                                        <a class="row" href=Route::Product(p.id.clone()).href()>
                                            <Thumb id=p.id.clone() name=p.name.clone() has_photo=p.photo_at.is_some() />
                                            <span class="row-main">
                                                <span class="row-title">{p.name.clone()}</span>
                                                <span class="row-sub">
                                                    <span class="figure">{fmt_money(p.price, cur)}</span>
                                                    {(!p.category.is_empty()).then(|| format!(" · {}", p.category))}
                                                </span>
                                                <span class="row-sub">
                                                    {stock.map(|n| tr!(products.in_stock, n = n))}
                                                    {low.then(|| view! { <span class="badge badge-low">{tr!(products.low)}</span> })}
                                                    {p.archived.then(|| view! { <span class="badge">{tr!(products.archived)}</span> })}
                                                </span>
                                            </span>
                                            {icons::chevron()}
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// Every problem of a refused file, in words.
fn csv_problems(e: &ProductCsvError) -> Vec<String> {
    match e {
        ProductCsvError::Csv(e) => vec![crate::ui::messages::csv_error(e)],
        ProductCsvError::NoNameColumn => vec![tr!(products.csv_no_name_column).to_string()],
        ProductCsvError::Empty => vec![tr!(products.import_empty).to_string()],
        ProductCsvError::Rows(rows) => rows
            .iter()
            .map(|r| {
                let problem = match &r.problem {
                    RowProblem::Field(f) => format!(
                        "{}: {}",
                        super::form::field_name(f.field),
                        problem_text(&f.problem)
                    ),
                    RowProblem::BadArchived => tr!(products.csv_bad_archived).to_string(),
                };
                tr!(products.row_problem, row = r.row, problem = problem)
            })
            .collect(),
    }
}
