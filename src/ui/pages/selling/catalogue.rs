//! The catalogue page (`#/catalogue`): the owner picks products on offer and shares them as one
//! HTML file (`domain::formats::catalogue`: works offline, no scripts, photos inlined, a WhatsApp
//! order link on each product) and as one image per product (drawn like receipts, by
//! `paid::sheet`, with the photo, the price and a QR of the order link), both with the Web
//! Share API, or downloaded where the browser cannot share files.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::formats::catalogue::{self, CatalogueProblem, Item, Words};
use crate::domain::records::product_search::on_offer;
use crate::domain::records::products::Product;
use crate::platform;
use crate::ui::i18n::fmt_money;
use crate::ui::pages::paid::preview::{Made, SheetPreview};
use crate::ui::pages::paid::sheet::{self, Block};
use crate::ui::state::{use_app, AppState};

/// The products on offer and their photos (data URLs), read once.
#[derive(Clone, Default)]
struct Loaded {
    products: Vec<Product>,
    photos: HashMap<String, String>,
}

async fn load(app: AppState) -> Result<Loaded, String> {
    let mut products: Vec<Product> = super::read_products(app)
        .await?
        .into_iter()
        .filter(on_offer)
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut products, |p| {
        crate::domain::records::search::fold(&p.name)
    });
    let mut photos = HashMap::new();
    for p in products.iter().filter(|p| p.photo_at.is_some()) {
        if let Some(url) = super::read_photo(app, &p.id).await {
            photos.insert(p.id.clone(), url);
        }
    }
    Ok(Loaded { products, photos })
}

/// The catalogue's wording in the owner's language.
fn words(business: &str) -> Words {
    Words {
        title: if business.trim().is_empty() {
            tr!(catalogue.title_plain).to_string()
        } else {
            tr!(catalogue.title, name = business.trim())
        },
        order: tr!(catalogue.order).to_string(),
        message: tr!(catalogue.message).to_string(),
        photo_alt: tr!(catalogue.photo_alt).to_string(),
    }
}

fn problem(p: CatalogueProblem) -> &'static str {
    match p {
        CatalogueProblem::NoProducts => tr!(catalogue.e_none),
        CatalogueProblem::NoPhone => tr!(catalogue.e_no_phone),
        CatalogueProblem::PhoneNotRecognised => tr!(catalogue.e_phone),
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        let _ = app.docs_version.get();
        load(app)
    });
    view! {
        <div class="catalogue">
            {move || match loaded.get() {
                None => view! { <p class="loading" role="status">{tr!(common.opening)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(data)) if data.products.is_empty() => view! {
                    <section class="empty">
                        <p>{tr!(catalogue.empty)}</p>
                        <a class="btn btn-primary" href="#/products">{tr!(catalogue.add_products)}</a>
                    </section>
                }.into_any(),
                Some(Ok(data)) => view! { <Picking data=data /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Picking(data: Loaded) -> impl IntoView {
    let app = use_app();
    let settings = app.settings.get_untracked();
    let cur = settings.currency;
    let data = StoredValue::new(data);
    let picked = RwSignal::new(data.with_value(|d| {
        d.products
            .iter()
            .map(|p| p.id.clone())
            .collect::<BTreeSet<_>>()
    }));
    let images = RwSignal::new(false);
    let settings = StoredValue::new(settings);
    // The file, ready before the tap (sharing needs a fresh tap: nothing slow may run in it).
    let file = Memo::new(move |_| {
        let picked = picked.get();
        data.with_value(|d| {
            let items: Vec<Item> = d
                .products
                .iter()
                .filter(|p| picked.contains(&p.id))
                .map(|p| Item {
                    product: p,
                    photo: d.photos.get(&p.id).map(String::as_str),
                })
                .collect();
            settings.with_value(|s| {
                catalogue::html(&items, s, &words(&s.business_name))
                    .map(|html| (catalogue::file_name(s), html))
            })
        })
    });
    let share = move |_| {
        let Ok((name, html)) = file.get_untracked() else {
            return;
        };
        if platform::files::can_share(&name, "text/html") {
            let title = settings.with_value(|s| words(&s.business_name).title);
            spawn_local(async move {
                if let Err(e) = platform::files::share(&name, "text/html", &html, &title).await {
                    app.error(crate::ui::messages::file_error(&e));
                }
            });
        } else if let Err(e) = platform::files::download(&name, "text/html", &html) {
            app.error(crate::ui::messages::file_error(&e));
        }
    };
    let download = move |_| {
        if let Ok((name, html)) = file.get_untracked() {
            if let Err(e) = platform::files::download(&name, "text/html", &html) {
                app.error(crate::ui::messages::file_error(&e));
            }
        }
    };
    let all = move |on: bool| {
        picked.set(if on {
            data.with_value(|d| d.products.iter().map(|p| p.id.clone()).collect())
        } else {
            BTreeSet::new()
        })
    };
    view! {
        <section class="card">
            <p class="muted">{tr!(catalogue.intro)}</p>
            <div class="case-actions">
                <button type="button" class="btn btn-secondary" on:click=move |_| all(true)>{tr!(catalogue.pick_all)}</button>
                <button type="button" class="btn btn-secondary" on:click=move |_| all(false)>{tr!(catalogue.pick_none)}</button>
            </div>
            <ul class="rows catalogue-list" aria-label=tr!(catalogue.products)>
                {data.with_value(|d| d.products.iter().map(|p| {
                    let id = p.id.clone();
                    let id2 = id.clone();
                    let photo = d.photos.get(&p.id).cloned();
                    view! {
                        <li><label class="row catalogue-row" style:padding-left="0" style:padding-right="0">
                            <input type="checkbox" prop:checked=move || picked.with(|s| s.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|s| { if on { s.insert(id2.clone()); } else { s.remove(&id2); } });
                                } />
                            {photo.map(|src| view! { <img class="catalogue-thumb" src=src alt="" width="48" height="48"
                                style:width="48px" style:height="48px" style:object-fit="cover" style:border-radius="8px" style:flex="none" /> })}
                            <span class="row-main">
                                <span class="row-title">{p.name.clone()}</span>
                                {(!p.category.is_empty()).then(|| view! { <span class="row-sub">{p.category.clone()}</span> })}
                            </span>
                            <span class="money">{fmt_money(p.price, cur)}</span>
                        </label></li>
                    }
                }).collect_view())}
            </ul>
            <p class="muted" role="status">{move || tr!(catalogue.n_picked, n = crate::ui::i18n::number(picked.with(BTreeSet::len)))}</p>
            {move || file.with(|f| f.as_ref().err().copied()).map(|p| view! {
                <p class="field-error" role="alert">{problem(p)}
                    {(p != CatalogueProblem::NoProducts).then(|| view! { " " <a href=crate::ui::route::Route::Settings.href()>{tr!(catalogue.to_settings)}</a> })}
                </p>
            })}
            <div class="case-actions">
                <button type="button" class="btn btn-primary" disabled=move || file.with(Result::is_err) on:click=share>{tr!(catalogue.share_file)}</button>
                <button type="button" class="btn btn-secondary" disabled=move || file.with(Result::is_err) on:click=download>{tr!(catalogue.download_file)}</button>
                <button type="button" class="btn btn-secondary" disabled=move || file.with(Result::is_err) on:click=move |_| images.set(true)>{tr!(catalogue.make_images)}</button>
            </div>
        </section>
        {move || (images.get() && file.with(Result::is_ok)).then(|| {
            let ids = picked.get_untracked();
            data.with_value(|d| d.products.iter().filter(|p| ids.contains(&p.id)).map(|p| {
                let photo = d.photos.get(&p.id).cloned();
                settings.with_value(|s| view! { <ProductImage p=p.clone() photo=photo settings=s.clone() /> })
            }).collect_view())
        })}
    }
}

/// One product's share-ready image: the business, the photo, name and price, and a QR of the
/// order link.
#[component]
fn ProductImage(
    p: Product,
    photo: Option<String>,
    settings: crate::domain::records::settings::Settings,
) -> impl IntoView {
    let title = p.name.clone();
    let made = LocalResource::new(move || {
        let (p, photo, settings) = (p.clone(), photo.clone(), settings.clone());
        async move {
            let w = words(&settings.business_name);
            let price = fmt_money(p.price, settings.currency);
            let link = catalogue::order_link(&p, &settings, &w).ok();
            let mut blocks = Vec::new();
            if !settings.business_name.trim().is_empty() {
                blocks.push(Block::Title(settings.business_name.trim().to_string()));
            }
            if let Some(img) = match photo {
                Some(src) => crate::ui::pages::paid::js::image(&src).await,
                None => None,
            } {
                blocks.push(Block::Image {
                    img,
                    caption: String::new(),
                });
            }
            blocks.push(Block::Pair {
                left: p.name.clone(),
                right: price.clone(),
                strong: true,
            });
            if !p.category.trim().is_empty() {
                blocks.push(Block::Small(p.category.trim().to_string()));
            }
            if let Some(b) = link
                .as_deref()
                .and_then(|l| sheet::qr(l, tr!(catalogue.scan_to_order).to_string()))
            {
                blocks.push(Block::Rule);
                blocks.push(b);
            }
            let text = catalogue::fill(&w.message, &p.name, &price);
            let file = format!(
                "{}.png",
                catalogue::file_name(&settings).trim_end_matches(".html")
            );
            SendMade(std::rc::Rc::new(std::cell::RefCell::new(Some(Made {
                blocks,
                file: file.replace("catalogue", &format!("catalogue-{}", p.id)),
                alt: tr!(catalogue.image_alt, name = p.name, price = price),
                summary: link.map(|l| format!("{text}\n{l}")).unwrap_or(text),
                phone: None,
            }))))
        }
    });
    view! {
        <section class="card catalogue-image">
            <h2>{title}</h2>
            {move || made.get().map(|m| match m.0.borrow_mut().take() {
                Some(made) => view! { <SheetPreview made=made /> }.into_any(),
                None => ().into_any(),
            })}
        </section>
    }
}

/// A [`Made`] in a resource (taken once when drawn).
#[derive(Clone)]
struct SendMade(std::rc::Rc<std::cell::RefCell<Option<Made>>>);
