//! Small widgets shared by the pages: labelled inputs that announce their errors, and figures
//! (money, counts) that never break across lines.

use leptos::prelude::*;

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let for_id = id.clone();
    let hint_id = format!("{id}-hint");
    let described = {
        let (e, h) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if error.with(Option::is_some) {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=for_id>{label}</label>
            <input id=id type=kind autocomplete=autocomplete inputmode=inputmode
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev)) />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <ErrorText id=error_id error=error />
        </div>
    }
}

#[component]
pub fn ErrorText(#[prop(into)] id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id role="alert">{move || error.get()}</p>
    }
}

/// A labelled group of radio buttons for one field of a form's draft (`get` reads it, `set`
/// writes it): one button per option, showing its label and submitting its code. `class` styles
/// the group ("segmented", "choice-grid"), `option_class` each option ("seg", "choice").
#[component]
pub fn RadioGroup<D, T>(
    legend: &'static str,
    name: &'static str,
    class: &'static str,
    option_class: &'static str,
    options: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    draft: RwSignal<D>,
    get: fn(&D) -> T,
    set: fn(&mut D, T),
) -> impl IntoView
where
    D: Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class=class>
                {options.iter().map(|&o| view! {
                    <label class=option_class>
                        <input type="radio" name=name value=code(o)
                            prop:checked=move || draft.with(|d| get(d) == o)
                            on:change=move |_| draft.update(|d| set(d, o)) />
                        <span>{label(o)}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// A text field of a form's draft, for an input's value: `draft_get(draft, |d| d.name.clone())`.
pub fn draft_get<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    field: fn(&D) -> String,
) -> Signal<String> {
    Signal::derive(move || draft.with(field))
}

/// Writes what is typed into a field of a form's draft: `draft_set(draft, |d, v| d.name = v)`.
pub fn draft_set<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    field: fn(&mut D, String),
) -> Callback<String> {
    Callback::new(move |v: String| draft.update(|d| field(d, v)))
}

/// The classes of a figure (an amount of money or a count) that stays on one line: `fig`, and for
/// a long one `fig-<characters>`, which style/main.css uses to make it smaller when its box is
/// too narrow for it ("Rp 157.250.000.000" in half a 360 px screen) instead of breaking it.
pub fn figure_class(text: &str) -> &'static str {
    const LONG: [&str; 16] = [
        "fig fig-9",
        "fig fig-10",
        "fig fig-11",
        "fig fig-12",
        "fig fig-13",
        "fig fig-14",
        "fig fig-15",
        "fig fig-16",
        "fig fig-17",
        "fig fig-18",
        "fig fig-19",
        "fig fig-20",
        "fig fig-21",
        "fig fig-22",
        "fig fig-23",
        "fig fig-24",
    ];
    match text.chars().count() {
        0..=8 => "fig",
        n => LONG[(n - 9).min(LONG.len() - 1)],
    }
}

/// A figure that never breaks and shrinks to fit its box (see [`figure_class`]).
pub fn figure(text: String) -> impl IntoView {
    let class = figure_class(&text);
    view! { <span class=class>{text}</span> }
}

/// A sentence with one figure in it (`template` holds `{name}`): the words wrap as usual, the
/// figure stays whole ("Before: Rp 150.000.000").
pub fn with_figure(template: &str, name: &str, value: String) -> impl IntoView {
    let mark = format!("{{{name}}}");
    let (before, after) = template
        .split_once(&mark)
        .map_or((template, ""), |(b, a)| (b, a));
    (before.to_string(), figure(value), after.to_string())
}

/// Staff view's stand-in drawn by a lazily loaded page that reads `AppState::amounts_visible`
/// itself (the deals' values, a segment of who owes): `text`, and a button that asks for the PIN.
pub fn amounts_hidden(text: &'static str) -> impl IntoView {
    view! {
        <div class="amounts-hidden">
            <p class="muted">{text}</p>
            <button type="button" class="btn btn-secondary" data-ask-pin="">{tr!(lock.show)}</button>
        </div>
    }
}

/// Staff view's stand-in for amounts owed (shown instead of `.owed` by the style sheet while
/// `:root[data-owed-hidden]`): that they are hidden, and a button that asks for the PIN (the
/// lock chunk answers any `[data-ask-pin]` click).
pub fn owed_hidden() -> impl IntoView {
    view! {
        <div class="owed-hidden">
            <p class="muted">{tr!(lock.owes_hidden)}</p>
            <button type="button" class="btn btn-secondary" data-ask-pin="">{tr!(lock.show)}</button>
        </div>
    }
}
