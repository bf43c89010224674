//! Small form widgets shared by the pages: labelled inputs that announce their errors.

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
