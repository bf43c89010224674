//! Find duplicates: customers saved twice, compared field by field and merged into one; and the
//! [`DuplicateWarning`] shown while adding a customer who already seems to be there.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::customer::Customer;
use crate::domain::dupes::{
    differing_fields, find_groups, merge_customers, merged_tags, FieldChoices, Keep, MergeField,
};
use crate::platform;
use crate::store::StoreError;
use crate::ui::i18n::ago;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use super::Avatar;

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
                        <h2>"These customers changed"</h2>
                        <p>"One of them was deleted or merged meanwhile."</p>
                        <button class="btn btn-primary" on:click=move |_| go(Step::List)>"See duplicates"</button>
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
                    <h2>"No duplicates found 🎉"</h2>
                    <p>"Rapport looks for customers with the same phone, the same email or a very similar name. If you ever save someone twice, they will show up here so you can merge them."</p>
                    <a class="btn btn-secondary" href=Route::Customers.href()>"See customers"</a>
                </section>
            }
            .into_any();
        }
        let n = list.len();
        view! {
            <div class="dupes">
                <p class="muted pad">
                    {if n == 1 { "1 group of customers may be the same person.".to_string() } else { format!("{n} groups of customers may be the same person.") }}
                    " Tap one to compare and merge."
                </p>
                <ul class="rows" aria-label="Possible duplicates">
                    {list.into_iter().map(|g| {
                        let members: Vec<Customer> = g.ids.iter().filter_map(|id| app.find(id)).collect();
                        let names: Vec<String> = members.iter().map(|c| c.display_name().to_string()).collect();
                        let title = if names.len() > 2 {
                            format!("{}, {} +{}", names[0], names[1], names.len() - 2)
                        } else {
                            names.join(" · ")
                        };
                        let sub = g.describe();
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
                <p class="muted pad dupes-foot">"Not the same person? Leave them: nothing changes until you merge."</p>
            </div>
        }
        .into_any()
    }
}

/// "Added 12 Mar 2025".
fn added_line(c: &Customer) -> String {
    format!("Added {}", platform::format_date(c.created_at))
}

/// "3 purchases · last contact 2 days ago", or None when there is no history to speak of.
fn history_line(c: &Customer) -> Option<String> {
    let mut parts = Vec::new();
    match c.summary.purchase_count {
        0 => {}
        1 => parts.push("1 purchase".to_string()),
        n => parts.push(format!("{n} purchases")),
    }
    if let Some(at) = c.summary.last_contact_at {
        parts.push(format!("last contact {}", ago(platform::now(), at)));
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
            <p class="pad">{format!("These {} customers look alike. Which two are the same person?", members.len())}</p>
            <ul class="rows" aria-label="Pick two">
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
                <button class="btn btn-secondary" on:click=move |_| go.run(Step::List)>"Back"</button>
                <button class="btn btn-primary" disabled=move || picked.with(|p| p.len() != 2) on:click=compare>
                    "Compare the two"
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
                    app.notify(format!("Merged into {}.", stored.display_name()), None);
                    app.go(Route::Customer(stored.id.clone()));
                }
                Err(StoreError::Conflict) => {
                    // Show the versions stored now, and let the owner choose again.
                    let _ = app.reload().await;
                    app.error("One of them was changed somewhere else meanwhile. Nothing was merged; check the details again.");
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
            <p class="muted merge-intro">"Choose what to keep where they differ. The history of both (purchases, chats, follow-ups) moves to the merged customer; the other copy goes to the Trash."</p>
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
                <p class="case-status">"Their details are the same: merging keeps them and joins their histories."</p>
            })}
            {fields.into_iter().map(|f| view! { <FieldPick f=f survivor=survivor.clone() other=other.clone() choices=choices /> }).collect_view()}
            {(!tags.is_empty()).then(|| view! {
                <div class="field">
                    <span class="label">"Tags"</span>
                    <ul class="tags merge-tags" aria-label="Tags after merging">
                        {tags.iter().map(|t| view! { <li class="tag">{t.clone()}</li> }).collect_view()}
                    </ul>
                    <p class="field-hint">"The tags of both are kept."</p>
                </div>
            })}
            <div class="form-actions">
                <button type="button" class="btn btn-secondary" on:click=move |_| go.run(back.clone())>"Cancel"</button>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Merging…" } else { "Merge" }}
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
    let name = format!("keep-{}", f.label().to_lowercase().replace(' ', "-"));
    let shown = |c: &Customer| {
        let v = f.display(c);
        if v.trim().is_empty() {
            "(empty)".to_string()
        } else {
            v
        }
    };
    let mut options = vec![
        (Keep::Survivor, shown(&survivor), "A", false),
        (Keep::Other, shown(&other), "B", false),
    ];
    if f == MergeField::Notes && !f.is_empty_in(&survivor) && !f.is_empty_in(&other) {
        options.push((Keep::Both, "Keep both".to_string(), "A+B", true));
    }
    view! {
        <fieldset class="field merge-field">
            <legend>{f.label()}</legend>
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

// The warning is placed in the customer form (`super::dupes::DuplicateWarning`); until it is,
// nothing else uses it.
pub use warning::DuplicateWarning;

mod warning {
    use leptos::prelude::*;

    use crate::domain::customer::Customer;
    use crate::domain::dupes::{likely_duplicate, Reason};
    use crate::domain::phone::{normalise, PhoneParse};
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
                        "This looks like "<strong>{who}</strong>
                        {(!phone.is_empty()).then(|| format!(", {phone}"))}
                        {format!(" ({}) — ", reason.label())}
                        <a href=Route::Customer(id).href()>"Open"</a>
                        ", or keep adding."
                    </p>
                })}
            </div>
        }
    }
}
