//! Saved segments: the list, and one segment's page (its conditions with a live count, its
//! customers, and CSV export). Who is in a segment is decided by `domain::segment::members`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::basics::money::Currency;
use crate::domain::basics::time::month_name;
use crate::domain::formats::csv;
use crate::domain::insight::rfm::RfmClass;
use crate::domain::insight::segment::{
    members_with_rewards, Consent, Filter, FilterDraft, FilterField, Segment,
};
use crate::domain::records::customer::{Channel, Customer, Status};
use crate::platform;
use crate::ui::i18n::{fmt_money, lang, number, plural};
use crate::ui::icons;
use crate::ui::labels;
use crate::ui::route::Route;
use crate::ui::state::use_app;

fn count_text(n: usize) -> String {
    crate::ui::i18n::plural(
        n as i64,
        tr!(segments.one_customer),
        tr!(segments.n_customers),
    )
}

fn consent_label(c: Consent) -> &'static str {
    match c {
        Consent::Any => tr!(segments.c_any),
        Consent::Agreed => tr!(segments.c_agreed),
        Consent::NotAgreed => tr!(segments.c_not_agreed),
    }
}

/// The conditions in plain words, for the segment list: "Tag VIP · owes money".
pub fn describe(f: &Filter, cur: Currency) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !f.tags.is_empty() {
        parts.push(tr!(segments.d_tag, tags = f.tags.join(tr!(segments.d_or))));
    }
    if let Some(s) = f.status {
        parts.push(labels::status(s).to_lowercase());
    }
    if let Some(c) = f.channel {
        parts.push(tr!(segments.d_prefers, channel = labels::channel(c)));
    }
    if !f.source.trim().is_empty() {
        parts.push(tr!(segments.d_source, source = f.source.trim()));
    }
    if let Some(n) = f.last_purchase_older_than_days {
        parts.push(plural(
            n,
            tr!(segments.d_older_one),
            tr!(segments.d_older_n),
        ));
    }
    if let Some(n) = f.last_purchase_within_days {
        parts.push(plural(
            n,
            tr!(segments.d_within_one),
            tr!(segments.d_within_n),
        ));
    }
    if let Some(m) = f.min_total_spent {
        parts.push(tr!(segments.d_spent, amount = fmt_money(m, cur)));
    }
    match (f.min_purchases, f.max_purchases) {
        (Some(a), Some(b)) => parts.push(tr!(segments.d_range, a = number(a), b = number(b))),
        (Some(a), None) => parts.push(tr!(segments.d_min, a = number(a))),
        (None, Some(b)) => parts.push(plural(b, tr!(segments.d_max_one), tr!(segments.d_max_n))),
        _ => {}
    }
    if f.owes {
        parts.push(tr!(segments.d_owes).into());
    }
    if f.reward_ready {
        parts.push(tr!(loyalty.seg_reward).to_lowercase());
    }
    if let Some(m) = f.birthday_month {
        parts.push(tr!(
            segments.d_bday,
            month = month_name(u32::from(m), lang())
        ));
    }
    if let Some(k) = f.rfm_class {
        parts.push(labels::rfm(k).to_string());
    }
    if f.consent != Consent::Any {
        parts.push(consent_label(f.consent).to_lowercase());
    }
    if parts.is_empty() {
        return tr!(segments.d_everyone).into();
    }
    let s = parts.join(" · ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or(s)
}

/// The ids of the customers with a loyalty reward ready (empty while loading, or when loyalty is
/// off): for the "has a reward ready" condition.
pub(crate) fn rewards_ready(
    app: crate::ui::state::AppState,
) -> Signal<std::collections::HashSet<String>> {
    use crate::domain::records::events::Purchase;
    use crate::domain::records::loyalty::{self, Redemption};
    let r = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        let on = app.settings.with(|s| s.loyalty.clone());
        async move {
            let (Some(l), Ok(store)) = (on, app.store()) else {
                return Default::default();
            };
            let p = store.records_since::<Purchase>(Some(l.since)).await;
            let r = store.all_docs::<Redemption>().await;
            match (p, r) {
                (Ok(p), Ok(r)) => loyalty::rewards_ready(&l, &p, &r),
                _ => Default::default(),
            }
        }
    });
    Signal::derive(move || r.get().unwrap_or_default())
}

#[component]
pub fn Segments() -> impl IntoView {
    let app = use_app();
    let ready = rewards_ready(app);
    let list = app.docs::<Segment>();
    view! {
        <div class="segments">
            <a class="btn btn-primary btn-block" href=Route::Segment("new".into()).href()>{icons::plus()}{tr!(segments.new)}</a>
            {move || match list.get() {
                None => view! { <p class="loading">{tr!(segments.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(segs)) => {
                    let mut segs: Vec<Segment> = segs.into_iter().filter(|s| s.deleted_at.is_none()).collect();
                    crate::domain::basics::sort::by_key(&mut segs, |s| s.name.to_lowercase());
                    if segs.is_empty() {
                        return view! {
                            <section class="card card-muted">
                                <h2>{tr!(segments.none_title)}</h2>
                                <p>{tr!(segments.none_text)}</p>
                            </section>
                        }.into_any();
                    }
                    let (now, tz) = (platform::now(), platform::tz_offset());
                    let cur = app.settings.with(|s| s.currency);
                    view! {
                        <ul class="rows menu" aria-label=tr!(segments.list)>
                            {segs.into_iter().map(|s| {
                                // Staff view: how many owe money stays hidden until the PIN.
                                let count = if s.filter.owes && !app.amounts_visible.get() {
                                    tr!(lock.hidden).to_string()
                                } else {
                                    count_text(app.customers.with(|l| ready.with(|r| members_with_rewards(&s.filter, l, now, tz, r).len())))
                                };
                                view! {
                                    <li>
                                        <a class="row" href=Route::Segment(s.id.clone()).href()>
                                            <span class="row-main">
                                                <span class="row-title">{s.name.clone()}</span>
                                                <span class="row-sub">{format!("{} · {}", count, describe(&s.filter, cur))}</span>
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

#[component]
pub fn SegmentPage(id: String) -> impl IntoView {
    let app = use_app();
    let lookup = id.clone();
    let loaded = LocalResource::new(move || {
        let id = lookup.clone();
        async move {
            if id == "new" {
                return Ok(None);
            }
            let store = app.store().map_err(|e| e.message())?;
            store.doc::<Segment>(&id).await.map_err(|e| e.message())
        }
    });
    move || match loaded.get() {
        None => view! { <p class="loading">{tr!(segments.loading)}</p> }.into_any(),
        Some(Err(msg)) => {
            view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any()
        }
        Some(Ok(None)) if id != "new" => view! {
            <section class="empty">
                <h2>{tr!(segments.gone_title)}</h2>
                <p>{tr!(segments.maybe_deleted)}</p>
                <a class="btn btn-primary" href=Route::Segments.href()>{tr!(segments.all)}</a>
            </section>
        }
        .into_any(),
        Some(Ok(seg)) => view! { <Editor existing=seg /> }.into_any(),
    }
}

/// One select of the form: `options` are (code, label); "" means any.
fn select(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    draft: RwSignal<FilterDraft>,
    get: fn(&FilterDraft) -> String,
    set: fn(&mut FilterDraft, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)) }>
                <option value="" selected=move || draft.with(|d| get(d).is_empty())>{tr!(segments.any)}</option>
                {options.into_iter().map(|(code, text)| {
                    let c = code.clone();
                    view! { <option value=code selected=move || draft.with(|d| get(d) == c)>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One text input of the form, with the error for `field` if any.
fn text(
    id: &'static str,
    label: &'static str,
    inputmode: &'static str,
    draft: RwSignal<FilterDraft>,
    get: fn(&FilterDraft) -> String,
    set: fn(&mut FilterDraft, String),
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input type="text" id=id inputmode=inputmode autocomplete="off"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || draft.with(get)
                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)) } />
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn Editor(existing: Option<Segment>) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let (now, tz) = (platform::now(), platform::tz_offset());
    let is_new = existing.is_none();
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
    );
    let draft = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.filter.to_draft(cur))
            .unwrap_or_default(),
    );
    let existing = StoredValue::new(existing);
    let name_error = RwSignal::new(None::<String>);
    let ready = rewards_ready(app);
    let read = Memo::new(move |_| draft.with(|d| d.read(cur)));
    // The live list: recomputed as the conditions change.
    let matched = Memo::new(move |_| {
        let (filter, _) = read.get();
        app.customers.with(|l| {
            ready
                .with(|r| members_with_rewards(&filter, l, now, tz, r))
                .into_iter()
                .cloned()
                .collect::<Vec<Customer>>()
        })
    });
    let err = move |f: FilterField| {
        Signal::derive(move || {
            read.with(|(_, es)| {
                es.iter()
                    .find(|e| e.0 == f)
                    .map(|e| crate::ui::messages::filter_problem(&e.1))
            })
        })
    };
    let shown = RwSignal::new(50usize);
    // Staff view: a segment of who owes money shows neither its members nor their number (nor
    // exports them) until the PIN is entered, and the "owes money" condition is not offered.
    let owes_hidden = move || !app.amounts_visible.get() && draft.with(|d| d.owes);

    let save = move |_| {
        let (filter, errors) = read.get_untracked();
        if !errors.is_empty() {
            app.error(tr!(segments.fix_first));
            return;
        }
        let t = platform::now();
        let seg = match existing.get_value() {
            Some(s) => Segment {
                name: name.get_untracked().trim().to_string(),
                filter,
                updated_at: t.max(s.updated_at),
                ..s
            },
            None => Segment {
                id: platform::new_id(),
                name: name.get_untracked().trim().to_string(),
                filter,
                created_at: t,
                updated_at: t,
                deleted_at: None,
            },
        };
        if let Err(p) = seg.validate() {
            name_error.set(Some(crate::ui::messages::segment_problem(&p)));
            platform::focus("seg-name");
            return;
        }
        name_error.set(None);
        spawn_local(async move {
            let result = app.save_doc(&seg).await.map_err(|e| e.message());
            match result {
                Ok(()) => {
                    existing.set_value(Some(seg.clone()));
                    app.notify(tr!(segments.saved), None);
                    if is_new {
                        app.go(Route::Segment(seg.id.clone()));
                    }
                }
                Err(e) => app.error(e),
            }
        });
    };
    let delete = move |_| {
        let Some(seg) = existing.get_value() else {
            return;
        };
        let message = tr!(segments.deleted, name = seg.name);
        app.trash_doc(seg, message, Route::Segments);
    };
    let export = move |_| {
        let list = matched.get_untracked();
        let file = name
            .get_untracked()
            .trim()
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "-");
        let file = if file.is_empty() {
            tr!(segments.file_name).to_string()
        } else {
            file
        };
        let text = csv::customers_csv(&list, cur, tz);
        if let Err(e) = platform::files::download(
            &format!("rapport-{file}.csv"),
            "text/csv;charset=utf-8",
            &text,
        ) {
            app.error(e);
        }
    };

    let statuses: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| (s.code().into(), labels::status(*s).into()))
        .collect();
    let channels: Vec<(String, String)> = Channel::ALL
        .iter()
        .map(|c| (c.code().into(), labels::channel(*c).into()))
        .collect();
    let months: Vec<(String, String)> = (1..=12u32)
        .map(|m| (m.to_string(), month_name(m, lang()).to_string()))
        .collect();
    let classes: Vec<(String, String)> = RfmClass::ALL
        .iter()
        .map(|k| (k.code().into(), labels::rfm(*k).into()))
        .collect();
    let consents: Vec<(String, String)> = Consent::ALL[1..]
        .iter()
        .map(|c| (c.code().into(), consent_label(*c).into()))
        .collect();

    view! {
        <div class="segment form">
            <div class="field" class:field-invalid=move || name_error.with(Option::is_some)>
                <label for="seg-name">{tr!(segments.name)}</label>
                <input type="text" id="seg-name" autocomplete="off" placeholder=tr!(segments.name_ph)
                    aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <p class="field-error" role="alert">{move || name_error.get()}</p>
            </div>
            <p class="seg-count" role="status" aria-live="polite">
                <strong>{move || if owes_hidden() { tr!(lock.hidden).to_string() } else { count_text(matched.with(Vec::len)) }}</strong>
                {move || format!(" · {}", read.with(|(f, _)| describe(f, cur)))}
            </p>
            <details class="details-card" open=is_new>
                <summary>{tr!(segments.conditions)}</summary>
                <div class="seg-fields">
                    {text("seg-tags", tr!(segments.l_tags), "text", draft, |d| d.tags.clone(), |d, v| d.tags = v, Signal::derive(|| None))}
                    {select("seg-status", tr!(segments.l_status), statuses, draft, |d| d.status.clone(), |d, v| d.status = v)}
                    {select("seg-channel", tr!(segments.l_channel), channels, draft, |d| d.channel.clone(), |d, v| d.channel = v)}
                    {text("seg-source", tr!(segments.l_source), "text", draft, |d| d.source.clone(), |d, v| d.source = v, Signal::derive(|| None))}
                    {text("seg-older", tr!(segments.l_older), "numeric", draft, |d| d.older_than_days.clone(), |d, v| d.older_than_days = v, err(FilterField::OlderThan))}
                    {text("seg-within", tr!(segments.l_within), "numeric", draft, |d| d.within_days.clone(), |d, v| d.within_days = v, err(FilterField::Within))}
                    {text("seg-spent", tr!(segments.l_spent), "decimal", draft, |d| d.min_spent.clone(), |d, v| d.min_spent = v, err(FilterField::MinSpent))}
                    {text("seg-minp", tr!(segments.l_minp), "numeric", draft, |d| d.min_purchases.clone(), |d, v| d.min_purchases = v, err(FilterField::MinPurchases))}
                    {text("seg-maxp", tr!(segments.l_maxp), "numeric", draft, |d| d.max_purchases.clone(), |d, v| d.max_purchases = v, err(FilterField::MaxPurchases))}
                    {move || app.amounts_visible.get().then(|| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || draft.with(|d| d.owes)
                                on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.owes = on) } />
                            <span>{tr!(segments.l_owes)}</span>
                        </label>
                    })}
                    {move || app.settings.with(|s| s.loyalty.is_some()).then(|| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || draft.with(|d| d.reward_ready)
                                on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.reward_ready = on) } />
                            <span>{tr!(loyalty.seg_reward)}</span>
                        </label>
                    })}
                    {select("seg-bday", tr!(segments.l_bday), months, draft, |d| d.birthday_month.clone(), |d, v| d.birthday_month = v)}
                    {select("seg-rfm", tr!(segments.l_rfm), classes, draft, |d| d.rfm_class.clone(), |d, v| d.rfm_class = v)}
                    {select("seg-consent", tr!(segments.l_consent), consents, draft, |d| d.consent.clone(), |d, v| d.consent = v)}
                </div>
            </details>
            <div class="form-actions">
                <a class="btn btn-secondary" href=Route::Segments.href()>{tr!(segments.back)}</a>
                <button type="button" class="btn btn-primary" on:click=save>{tr!(segments.save)}</button>
            </div>
            <Show when=move || !owes_hidden()>
                <button type="button" class="btn btn-secondary btn-block" on:click=export>{tr!(segments.export)}</button>
            </Show>
            {move || owes_hidden().then(|| crate::ui::widgets::amounts_hidden(tr!(lock.owes_hidden)))}
            <ul class="rows seg-members" aria-label=tr!(segments.members)>
                {move || matched.with(|l| l.iter().take(if owes_hidden() { 0 } else { shown.get() }).map(|c| view! {
                    <li>
                        <a class="row" href=Route::Customer(c.id.clone()).href()>
                            <span class="row-main">
                                <span class="row-title">{c.display_name().to_string()}</span>
                                <span class="row-sub">{c.display_phone()}</span>
                            </span>
                            {icons::chevron()}
                        </a>
                    </li>
                }).collect_view())}
            </ul>
            <Show when=move || { !owes_hidden() && matched.with(Vec::len) > shown.get() }>
                <button type="button" class="btn btn-secondary btn-block" on:click=move |_| shown.update(|n| *n += 200)>
                    {move || tr!(segments.show_more, n = number(matched.with(Vec::len).saturating_sub(shown.get()) as i64))}
                </button>
            </Show>
            {(!is_new).then(|| view! {
                <button type="button" class="btn btn-danger btn-block-inline" on:click=delete>{tr!(segments.delete)}</button>
            })}
        </div>
    }
}
