//! Find duplicates: customers saved twice, compared field by field and merged into one; and the
//! [`DuplicateWarning`] shown while adding a customer who already seems to be there.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::records::customer::Customer;
use crate::domain::records::dupes::{
    differing_fields, find_groups, merge_customers, merged_tags, FieldChoices, Group, Keep,
    MergeField, Reason,
};
use crate::platform;
use crate::store::StoreError;
use crate::ui::i18n::ago;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use crate::ui::pages::Avatar;

/// Why two customers look alike, in words ("same phone").
pub fn reason_label(r: Reason) -> &'static str {
    match r {
        Reason::SamePhone => tr!(dupes.r_phone),
        Reason::SameEmail => tr!(dupes.r_email),
        Reason::SimilarName => tr!(dupes.r_name),
    }
}

/// "2 customers: same phone, similar name".
fn describe(g: &Group) -> String {
    let reasons: Vec<&str> = g.reasons.iter().map(|r| reason_label(*r)).collect();
    tr!(
        dupes.group_desc,
        n = g.ids.len(),
        reasons = reasons.join(", ")
    )
}

fn field_label(f: MergeField) -> &'static str {
    match f {
        MergeField::Name => tr!(dupes.f_name),
        MergeField::Phone => tr!(dupes.f_phone),
        MergeField::Email => tr!(dupes.f_email),
        MergeField::Status => tr!(dupes.f_status),
        MergeField::PreferredChannel => tr!(dupes.f_channel),
        MergeField::Instagram => tr!(dupes.f_instagram),
        MergeField::Facebook => tr!(dupes.f_facebook),
        MergeField::TikTok => tr!(dupes.f_tiktok),
        MergeField::Birthday => tr!(dupes.f_birthday),
        MergeField::Notes => tr!(dupes.f_notes),
        MergeField::MarketingConsent => tr!(dupes.f_consent),
    }
}

/// A field's value as the owner reads it, in the current language.
fn field_value(f: MergeField, c: &Customer) -> String {
    use crate::ui::labels;
    match f {
        MergeField::Status => labels::status(c.status).to_string(),
        MergeField::PreferredChannel => c
            .preferred_channel
            .map(|ch| labels::channel(ch).to_string())
            .unwrap_or_default(),
        MergeField::Birthday => c
            .birthday
            .map(crate::ui::i18n::birthday)
            .unwrap_or_default(),
        MergeField::MarketingConsent => if c.marketing_consent {
            tr!(dupes.consent_yes)
        } else {
            tr!(dupes.consent_no)
        }
        .to_string(),
        _ => f.display(c),
    }
}

/// Which step of finding and merging the owner is on.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Every group.
    List,
    /// A group of three or more: pick the two to merge.
    Pick(Vec<String>),
    /// Compare two: (survivor id, other id), and the group they came from when it had more.
    Compare(String, String, Option<Vec<String>>),
}

#[component]
pub fn Duplicates() -> impl IntoView {
    let app = use_app();
    let step = RwSignal::new(Step::List);
    let go = move |s: Step| {
        step.set(s);
        platform::scroll_to_top();
    };
    move || match step.get() {
        Step::List => view! { <GroupList go=Callback::new(go) /> }.into_any(),
        Step::Pick(ids) => view! { <PickTwo ids=ids go=Callback::new(go) /> }.into_any(),
        Step::Compare(s, o, from) => {
            let here = Step::Compare(s.clone(), o.clone(), from.clone());
            let back = match from {
                Some(ids) => Step::Pick(ids),
                None => Step::List,
            };
            // The two as they are when the comparison opens: the versions the owner sees are the
            // ones the merge expects unchanged. Read untracked, so that the reload after a merge
            // does not redraw this page on its way to the survivor.
            let find = |id: &str| {
                app.customers
                    .with_untracked(|l| l.iter().find(|c| c.id == id).cloned())
            };
            match (find(&s), find(&o)) {
                (Some(s), Some(o)) if !s.is_deleted() && !o.is_deleted() => view! {
                    <Compare survivor=s other=o here=here back=back go=Callback::new(go) />
                }
                .into_any(),
                _ => view! {
                    <section class="empty">
                        <h2>{tr!(dupes.changed_title)}</h2>
                        <p>{tr!(dupes.changed_text)}</p>
                        <button class="btn btn-primary" on:click=move |_| go(Step::List)>{tr!(dupes.see_dupes)}</button>
                    </section>
                }
                .into_any(),
            }
        }
    }
}

#[component]
fn GroupList(go: Callback<Step>) -> impl IntoView {
    let app = use_app();
    let groups = Memo::new(move |_| app.customers.with(|l| find_groups(l)));
    move || {
        let list = groups.get();
        if list.is_empty() {
            return view! {
                <section class="empty">
                    <div class="empty-art" aria-hidden="true">{icons::people()}</div>
                    <h2>{tr!(dupes.none_title)}</h2>
                    <p>{tr!(dupes.none_text)}</p>
                    <a class="btn btn-secondary" href=Route::Customers.href()>{tr!(dupes.see_customers)}</a>
                </section>
            }
            .into_any();
        }
        let n = list.len();
        view! {
            <div class="dupes">
                <p class="muted pad">
                    {crate::ui::i18n::plural(n as i64, tr!(dupes.groups_one), tr!(dupes.groups_n))}
                    {tr!(dupes.tap_to_compare)}
                </p>
                <ul class="rows" aria-label=tr!(dupes.possible)>
                    {list.into_iter().map(|g| {
                        let members: Vec<Customer> = g.ids.iter().filter_map(|id| app.find(id)).collect();
                        let names: Vec<String> = members.iter().map(|c| c.display_name().to_string()).collect();
                        let title = if names.len() > 2 {
                            format!("{}, {} +{}", names[0], names[1], names.len() - 2)
                        } else {
                            names.join(" · ")
                        };
                        let sub = describe(&g);
                        let ids = g.ids.clone();
                        view! {
                            <li>
                                <button class="row row-button" on:click=move |_| {
                                    if ids.len() == 2 {
                                        go.run(Step::Compare(ids[0].clone(), ids[1].clone(), None));
                                    } else {
                                        go.run(Step::Pick(ids.clone()));
                                    }
                                }>
                                    <span class="dupe-icon" aria-hidden="true">
                                        {icons::people()}
                                        <span class="dupe-count">{members.len()}</span>
                                    </span>
                                    <span class="row-main">
                                        <span class="row-title">{title.clone()}</span>
                                        <span class="row-sub">{sub.clone()}</span>
                                    </span>
                                    {icons::chevron()}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="muted pad dupes-foot">{tr!(dupes.foot)}</p>
            </div>
        }
        .into_any()
    }
}

/// "Added 12 Mar 2025".
fn added_line(c: &Customer) -> String {
    tr!(dupes.added, date = platform::format_date(c.created_at))
}

/// "3 purchases · last contact 2 days ago", or None when there is no history to speak of.
fn history_line(c: &Customer) -> Option<String> {
    let mut parts = Vec::new();
    match c.summary.purchase_count {
        0 => {}
        n => parts.push(crate::ui::i18n::plural(
            n as i64,
            tr!(dupes.purchase_one),
            tr!(dupes.purchase_n),
        )),
    }
    if let Some(at) = c.summary.last_contact_at {
        parts.push(tr!(dupes.last_contact, ago = ago(platform::now(), at)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// "Added 12 Mar 2025 · 3 purchases · last contact 2 days ago".
fn facts_line(c: &Customer) -> String {
    match history_line(c) {
        Some(h) => format!("{} · {h}", added_line(c)),
        None => added_line(c),
    }
}

#[component]
fn PickTwo(ids: Vec<String>, go: Callback<Step>) -> impl IntoView {
    let app = use_app();
    let members: Vec<Customer> = ids.iter().filter_map(|id| app.find(id)).collect();
    let picked = RwSignal::new(Vec::<String>::new());
    let group = ids.clone();
    let compare = move |_| {
        // The older of the two stays (the group lists the oldest first).
        let chosen = picked.get_untracked();
        let mut two: Vec<String> = group
            .iter()
            .filter(|id| chosen.contains(id))
            .cloned()
            .collect();
        if two.len() == 2 {
            let o = two.pop().unwrap_or_default();
            let s = two.pop().unwrap_or_default();
            go.run(Step::Compare(s, o, Some(group.clone())));
        }
    };
    view! {
        <div class="dupes">
            <p class="pad">{tr!(dupes.look_alike, n = members.len())}</p>
            <ul class="rows" aria-label=tr!(dupes.pick_two)>
                {members.into_iter().map(|c| {
                    let id = c.id.clone();
                    let check_id = id.clone();
                    let phone = c.display_phone();
                    view! {
                        <li>
                            <label class="row pick-row">
                                <input type="checkbox"
                                    prop:checked=move || picked.with(|p| p.contains(&check_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        picked.update(|p| {
                                            p.retain(|x| x != &id);
                                            if on { p.push(id.clone()); }
                                            // Two at most: the earliest picked gives way.
                                            while p.len() > 2 { p.remove(0); }
                                        });
                                    } />
                                <Avatar initials=c.initials() />
                                <span class="row-main">
                                    <span class="row-title">{c.display_name().to_string()}</span>
                                    <span class="row-sub">
                                        {(!phone.is_empty()).then(|| view! { <span>{phone}</span> })}
                                        <span>{facts_line(&c)}</span>
                                    </span>
                                </span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-actions pad">
                <button class="btn btn-secondary" on:click=move |_| go.run(Step::List)>{tr!(dupes.back)}</button>
                <button class="btn btn-primary" disabled=move || picked.with(|p| p.len() != 2) on:click=compare>
                    {tr!(dupes.compare)}
                </button>
            </div>
        </div>
    }
}

#[component]
fn Compare(
    survivor: Customer,
    other: Customer,
    here: Step,
    back: Step,
    go: Callback<Step>,
) -> impl IntoView {
    let app = use_app();
    let fields = differing_fields(&survivor, &other);
    // Start from what Auto would do, so every radio group shows a choice.
    let mut start = FieldChoices::default();
    for f in MergeField::ALL {
        start.set(f, start.resolved(f, &survivor, &other));
    }
    let choices = RwSignal::new(start);
    let saving = RwSignal::new(false);
    let tags = merged_tags(&survivor, &other);
    let (s, o) = (survivor.clone(), other.clone());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let (s, o, here) = (s.clone(), o.clone(), here.clone());
        spawn_local(async move {
            let (kept, gone) = merge_customers(&s, &o, &choices.get_untracked(), platform::now());
            let result = match app.store() {
                Ok(store) => {
                    store
                        .merge_customers(&kept, &gone, (s.updated_at, o.updated_at))
                        .await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(stored) => {
                    if let Err(e) = app.reload().await {
                        app.error(e.message());
                    }
                    app.notify(tr!(dupes.merged_into, name = stored.display_name()), None);
                    app.go(Route::Customer(stored.id.clone()));
                }
                Err(StoreError::Conflict) => {
                    // Show the versions stored now, and let the owner choose again.
                    let _ = app.reload().await;
                    app.error(tr!(dupes.conflict));
                    go.run(here);
                }
                Err(e) => {
                    saving.set(false);
                    app.error(e.message());
                }
            }
        });
    };

    let sides = [(&survivor, "A"), (&other, "B")];
    view! {
        <form class="form merge" on:submit=submit novalidate>
            <p class="muted merge-intro">{tr!(dupes.intro)}</p>
            <div class="merge-pair">
                {sides.into_iter().map(|(c, side)| {
                    let phone = c.display_phone();
                    view! {
                        <div class="merge-side">
                            <span class="side-mark" aria-hidden="true">{side}</span>
                            <Avatar initials=c.initials() />
                            <span class="merge-side-name">{c.display_name().to_string()}</span>
                            {(!phone.is_empty()).then(|| view! { <span class="merge-side-sub">{phone}</span> })}
                            <span class="merge-side-sub">{added_line(c)}</span>
                            {history_line(c).map(|h| view! { <span class="merge-side-sub">{h}</span> })}
                        </div>
                    }
                }).collect_view()}
            </div>
            {fields.is_empty().then(|| view! {
                <p class="case-status">{tr!(dupes.same_details)}</p>
            })}
            {fields.into_iter().map(|f| view! { <FieldPick f=f survivor=survivor.clone() other=other.clone() choices=choices /> }).collect_view()}
            {(!tags.is_empty()).then(|| view! {
                <div class="field">
                    <span class="label">{tr!(dupes.tags)}</span>
                    <ul class="tags merge-tags" aria-label=tr!(dupes.tags_after)>
                        {tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view()}
                    </ul>
                    <p class="field-hint">{tr!(dupes.tags_kept)}</p>
                </div>
            })}
            <div class="form-actions">
                <button type="button" class="btn btn-secondary" on:click=move |_| go.run(back.clone())>{tr!(dupes.cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { tr!(dupes.merging) } else { tr!(dupes.merge) }}
                </button>
            </div>
        </form>
    }
}

/// One field that differs: a radio per side showing its value (and "Keep both" for notes).
#[component]
fn FieldPick(
    f: MergeField,
    survivor: Customer,
    other: Customer,
    choices: RwSignal<FieldChoices>,
) -> impl IntoView {
    let name = format!("keep-{f:?}");
    let shown = |c: &Customer| {
        let v = field_value(f, c);
        if v.trim().is_empty() {
            tr!(dupes.empty).to_string()
        } else {
            v
        }
    };
    let mut options = vec![
        (Keep::Survivor, shown(&survivor), "A", false),
        (Keep::Other, shown(&other), "B", false),
    ];
    if f == MergeField::Notes && !f.is_empty_in(&survivor) && !f.is_empty_in(&other) {
        options.push((Keep::Both, tr!(dupes.keep_both).to_string(), "A+B", true));
    }
    view! {
        <fieldset class="field merge-field">
            <legend>{field_label(f)}</legend>
            {options.into_iter().map(|(keep, value, side, both)| {
                let name = name.clone();
                view! {
                    <label class="pick" class:pick-long=f == MergeField::Notes>
                        <input type="radio" name=name
                            prop:checked=move || choices.with(|c| c.get(f) == keep)
                            on:change=move |_| choices.update(|c| c.set(f, keep)) />
                        <span class="pick-value" class:pick-both=both>{value}</span>
                        <span class="side-mark" aria-hidden="true">{side}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

// The warning is placed in the customer form (`records::form`), which loads it lazily from this
// page's chunk.
pub use warning::DuplicateWarning;

mod warning {
    use leptos::prelude::*;

    use crate::domain::basics::phone::{normalise, PhoneParse};
    use crate::domain::records::customer::Customer;
    use crate::domain::records::dupes::{likely_duplicate, Reason};
    use crate::ui::route::Route;
    use crate::ui::state::use_app;

    /// Shown in the customer form while typing: "This looks like Siti Rahma, +62 812-3456-7890
    /// (same phone) — Open, or keep adding." when a customer not in the Trash (other than `except`,
    /// the one being edited) has the same phone, the same email or a very similar name. The phone is
    /// read with the business's country, as the form does.
    #[component]
    pub fn DuplicateWarning(
        name: Signal<String>,
        phone: Signal<String>,
        email: Signal<String>,
        except: Option<String>,
    ) -> impl IntoView {
        let app = use_app();
        let hit = Memo::new(move |_| {
            let country = app.settings.with(|s| s.country);
            let e164 = match phone.with(|p| normalise(p, country)) {
                PhoneParse::Valid(e) => Some(e),
                _ => None,
            };
            let (n, em) = (name.get(), email.get());
            app.customers.with(|list| {
                likely_duplicate(&n, e164.as_deref(), &em, list, except.as_deref()).map(
                    |(c, reason): (&Customer, Reason)| {
                        (
                            c.id.clone(),
                            c.display_name().to_string(),
                            c.display_phone(),
                            reason,
                        )
                    },
                )
            })
        });
        view! {
            <div class="dupe-warning-region" aria-live="polite">
                {move || hit.get().map(|(id, who, phone, reason)| view! {
                    <p class="dupe-warning">
                        {tr!(dupes.looks_like)}<strong>{who}</strong>
                        {(!phone.is_empty()).then(|| format!(", {phone}"))}
                        {format!(" ({}) — ", super::reason_label(reason))}
                        <a href=Route::Customer(id).href()>{tr!(dupes.open)}</a>
                        {tr!(dupes.keep_adding)}
                    </p>
                })}
            </div>
        }
    }
}
