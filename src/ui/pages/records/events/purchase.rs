//! The forms that record a purchase (with its lines, or a refund) and a later payment.

use crate::domain::records::customer::Customer;
use crate::domain::records::entry::EventError;
use crate::domain::records::events::{
    amount_input, date_input, time_input, EventField, LineDraft, PaidChoice, Payment, PaymentDraft,
    Purchase, PurchaseDraft,
};
use crate::domain::records::purchases::OrderStatus;
use crate::platform;
use crate::ui::i18n::fmt_money;
use crate::ui::widgets::{draft_get, draft_set, ErrorText, TextField};
use leptos::prelude::*;

use super::*;

#[component]
pub(super) fn PurchaseForm(c: Customer, existing: Option<Purchase>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let cur = currency();
    let initial = match &existing {
        Some(p) => p.to_draft(tz, cur),
        None => PurchaseDraft {
            date: date_input(now, tz),
            time: time_input(now, tz),
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    // "Itemised" shows the lines editor; otherwise one total.
    let itemised = RwSignal::new(draft.with_untracked(|d| !d.lines.is_empty()));
    // "Pick a product": the picker (lazy chunk `selling`) shows under the lines while open.
    let picking = RwSignal::new(false);

    // The draft as saved: no lines when only the total is entered, and no blank lines.
    let to_save = move |d: &PurchaseDraft| {
        let mut d = d.clone();
        if !itemised.get_untracked() {
            d.lines.clear();
        } else {
            d.lines.retain(|l| {
                !(l.item.trim().is_empty()
                    && l.unit_price.trim().is_empty()
                    && l.quantity.trim().is_empty())
            });
        }
        d
    };
    // An order (issue 16): when it is due; `None` = not an order. Its status keeps as it was.
    let due = RwSignal::new(draft.with_untracked(|d| d.order.map(|o| o.to_draft(tz))));
    let with_order = move |d: &PurchaseDraft, now| {
        let mut d = to_save(d);
        let status = d.order.map_or(OrderStatus::New, |o| o.status);
        d.order = due
            .get_untracked()
            .map(|o| o.build(status, now, tz))
            .transpose()?;
        Ok::<_, Vec<EventError>>(d)
    };
    let submit = form.on_submit(
        move |d, id, cid, now| with_order(d, now)?.build(id, cid, now, tz, cur),
        move |d, old, now| with_order(d, now)?.apply_to(old, now, tz, cur),
        record_only(tr!(events.purchase_saved)),
    );
    let on_delete = form.on_delete(tr!(events.purchase_deleted));
    let total_text = move || {
        draft
            .with(|d| d.lines_total(cur))
            .map(|t| fmt_money(t, cur))
            .unwrap_or_else(|| "—".into())
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">{tr!(events.bought, name = c.display_name())}</p>
            <div class="segmented seg-2" role="group" aria-label=tr!(events.how_enter)>
                <label class="seg">
                    <input type="radio" name="mode" prop:checked=move || !itemised.get() on:change=move |_| itemised.set(false) />
                    <span>{tr!(events.just_total)}</span>
                </label>
                <label class="seg">
                    <input type="radio" name="mode" prop:checked=move || itemised.get() on:change=move |_| {
                        itemised.set(true);
                        draft.update(|d| if d.lines.is_empty() { d.lines.push(LineDraft { quantity: "1".into(), ..Default::default() }) });
                    } />
                    <span>{tr!(events.item_by_item)}</span>
                </label>
            </div>
            <Show when=move || !itemised.get()>
                <TextField id="p-total" label=tr!(events.total) kind="text" autocomplete="off" inputmode="decimal"
                    hint=tr!(events.refund_hint)
                    value=draft_get(draft, |d| d.total.clone())
                    on_input=draft_set(draft, |d, v| d.total = v)
                    error=error_for(errors, EventField::Total) />
            </Show>
            <Show when=move || itemised.get()>
                <fieldset class="field">
                    <legend>{tr!(events.items)}</legend>
                    {move || (0..draft.with(|d| d.lines.len())).map(|i| view! {
                        <div class="line">
                            <input type="text" aria-label=tr!(events.item_n, n = i + 1) placeholder=tr!(events.item)
                                aria-invalid=move || error_for(errors, EventField::Item(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.item.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.item = v }) } />
                            <input type="text" inputmode="numeric" class="qty" aria-label=tr!(events.qty_of, n = i + 1) placeholder=tr!(events.qty)
                                aria-invalid=move || error_for(errors, EventField::Quantity(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.quantity.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.quantity = v }) } />
                            <input type="text" inputmode="decimal" aria-label=tr!(events.price_of, n = i + 1) placeholder=tr!(events.price_each)
                                aria-invalid=move || error_for(errors, EventField::UnitPrice(i)).get().map(|_| "true")
                                prop:value=move || draft.with(|d| d.lines.get(i).map(|l| l.unit_price.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| if let Some(l) = d.lines.get_mut(i) { l.unit_price = v }) } />
                            <button type="button" class="icon-btn" aria-label=tr!(events.remove_item, n = i + 1)
                                on:click=move |_| draft.update(|d| { if i < d.lines.len() { d.lines.remove(i); } })>"×"</button>
                            <ErrorText id=format!("line-{i}-error") error=Signal::derive(move || {
                                errors.with(|es| es.iter().find(|e| matches!(e.field, EventField::Item(j) | EventField::Quantity(j) | EventField::UnitPrice(j) if j == i)).map(crate::ui::messages::event_error))
                            }) />
                        </div>
                    }).collect_view()}
                    <div class="case-actions">
                        <button type="button" class="btn btn-secondary" on:click=move |_| draft.update(|d| d.lines.push(LineDraft { quantity: "1".into(), ..Default::default() }))>{tr!(events.add_item)}</button>
                        <button type="button" class="btn btn-secondary" aria-expanded=move || picking.get().to_string() on:click=move |_| picking.update(|p| *p = !*p)>{tr!(selling.pick)}</button>
                    </div>
                    {move || picking.get().then(|| crate::ui::pages::lazy::show_part(crate::ui::pages::preload_selling, move || crate::ui::pages::selling_part(Some((draft, picking))), || ().into_any()))}
                    <p class="line-total">{tr!(events.total_colon)}<strong>{total_text}</strong></p>
                    <ErrorText id="total-error" error=error_for(errors, EventField::Total) />
                </fieldset>
            </Show>
            <fieldset class="field">
                <legend>{tr!(events.paid_q)}</legend>
                <div class="segmented">
                    {[(tr!(events.paid), 0u8), (tr!(events.not_yet), 1), (tr!(events.part), 2)].into_iter().map(|(label, k)| view! {
                        <label class="seg">
                            <input type="radio" name="paid"
                                prop:checked=move || draft.with(|d| matches!((&d.paid, k), (PaidChoice::Paid, 0) | (PaidChoice::Unpaid, 1) | (PaidChoice::Part(_), 2)))
                                on:change=move |_| draft.update(|d| d.paid = match k { 0 => PaidChoice::Paid, 1 => PaidChoice::Unpaid, _ => PaidChoice::Part(String::new()) }) />
                            <span>{label}</span>
                        </label>
                    }).collect_view()}
                </div>
                <ErrorText id="paid-error" error=error_for(errors, EventField::Paid) />
            </fieldset>
            <Show when=move || draft.with(|d| matches!(d.paid, PaidChoice::Part(_)))>
                <TextField id="p-paid" label=tr!(events.amount_paid_now) kind="text" autocomplete="off" inputmode="decimal"
                    value=draft_get(draft, |d| match &d.paid { PaidChoice::Part(s) => s.clone(), _ => String::new() })
                    on_input=draft_set(draft, |d, v| d.paid = PaidChoice::Part(v))
                    error=Signal::derive(|| None) />
            </Show>
            <WhenFields
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            {crate::ui::pages::orders::order_fields(due, errors)}
            <TextField id="p-note" label=tr!(events.note_opt) kind="text" autocomplete="off"
                value=draft_get(draft, |d| d.note.clone())
                on_input=draft_set(draft, |d, v| d.note = v)
                error=error_for(errors, EventField::Notes) />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_purchase) on_delete=on_delete />
        </form>
    }
}

// ----- payment -------------------------------------------------------------------------------

#[component]
pub(super) fn PaymentForm(c: Customer, existing: Option<Payment>) -> impl IntoView {
    let tz = platform::tz_offset();
    let now = platform::now();
    let cur = currency();
    // Staff view: what they owe shows (and fills the amount) only with the PIN entered.
    let shown = use_app().amounts_visible.get_untracked();
    let balance = if shown { c.summary.balance } else { 0 };
    let initial = match &existing {
        Some(p) => p.to_draft(tz, cur),
        None => PaymentDraft {
            date: date_input(now, tz),
            time: time_input(now, tz),
            amount: if balance > 0 {
                amount_input(balance, cur)
            } else {
                String::new()
            },
            ..Default::default()
        },
    };
    let form = EventForm::new(&c, existing, initial);
    let (draft, errors, saving) = (form.draft, form.errors, form.saving);
    let submit = form.on_submit(
        move |d, id, cid, now| d.build(id, cid, now, tz, cur),
        move |d, old, now| d.apply_to(old, now, tz, cur),
        record_only(tr!(events.payment_saved)),
    );
    let on_delete = form.on_delete(tr!(events.payment_deleted));
    view! {
        <form class="form" on:submit=submit novalidate>
            <p class="form-for">
                {if !shown { c.display_name().to_string() } else if balance > 0 { tr!(events.owes_amount, name = c.display_name(), amount = fmt_money(balance, cur)) } else { tr!(events.owes_nothing, name = c.display_name()) }}
            </p>
            <TextField id="pay-amount" label=tr!(events.amount_paid) kind="text" autocomplete="off" inputmode="decimal"
                value=draft_get(draft, |d| d.amount.clone())
                on_input=draft_set(draft, |d, v| d.amount = v)
                error=error_for(errors, EventField::Amount) />
            <WhenFields
                date=draft_get(draft, |d| d.date.clone()) on_date=draft_set(draft, |d, v| d.date = v)
                time=draft_get(draft, |d| d.time.clone()) on_time=draft_set(draft, |d, v| d.time = v)
                errors=errors />
            <TextField id="pay-note" label=tr!(events.note_opt) kind="text" autocomplete="off"
                value=draft_get(draft, |d| d.note.clone())
                on_input=draft_set(draft, |d, v| d.note = v)
                error=error_for(errors, EventField::Notes) />
            <FormActions customer=c.id.clone() saving=saving save_label=tr!(events.save_payment) on_delete=on_delete />
        </form>
    }
}
