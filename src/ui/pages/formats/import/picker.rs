//! The Contact Picker (Android Chrome): `navigator.contacts.select(["name", "tel", "email"])`.

use wasm_bindgen::{JsCast, JsValue};

use crate::domain::formats::import::{Gathered, Labelled};

use super::Drafts;

/// `navigator.contacts` and its `select` function, when this browser has them.
pub(super) fn contact_picker() -> Option<(JsValue, js_sys::Function)> {
    let nav = web_sys::window()?.navigator();
    let contacts = js_sys::Reflect::get(&nav, &"contacts".into()).ok()?;
    if contacts.is_undefined() || contacts.is_null() {
        return None;
    }
    let select = js_sys::Reflect::get(&contacts, &"select".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((contacts, select))
}

/// Opens the phone's contact list (several people may be chosen).
pub(super) fn open_contact_picker() -> Result<js_sys::Promise, String> {
    let fail = || tr!(import.no_picker).to_string();
    let (contacts, select) = contact_picker().ok_or_else(fail)?;
    let props = js_sys::Array::of3(&"name".into(), &"tel".into(), &"email".into());
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"multiple".into(), &JsValue::TRUE).map_err(|_| fail())?;
    select
        .call2(&contacts, &props, &opts)
        .map_err(|_| fail())?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| fail())
}

/// One contact chosen in the picker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Picked {
    names: Vec<String>,
    tels: Vec<String>,
    emails: Vec<String>,
}

fn strings_of(obj: &JsValue, key: &str) -> Vec<String> {
    let Ok(v) = js_sys::Reflect::get(obj, &key.into()) else {
        return Vec::new();
    };
    let list: Vec<JsValue> = if js_sys::Array::is_array(&v) {
        js_sys::Array::from(&v).iter().collect()
    } else {
        vec![v]
    };
    list.iter()
        .filter_map(JsValue::as_string)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The picker's answer (an array of `{name: [], tel: [], email: []}`).
pub(super) fn read_picked(list: &JsValue) -> Vec<Picked> {
    if !js_sys::Array::is_array(list) {
        return Vec::new();
    }
    js_sys::Array::from(list)
        .iter()
        .map(|c| Picked {
            names: strings_of(&c, "name"),
            tels: strings_of(&c, "tel"),
            emails: strings_of(&c, "email"),
        })
        .filter(|p| p != &Picked::default())
        .collect()
}

/// Picked contacts as drafts for the plan, read the same way as a vCard's: the first phone is
/// the customer's, the others go into the notes; likewise emails. `row` is the position (from 1).
pub(super) fn picked_drafts(list: Vec<Picked>) -> Drafts {
    list.into_iter()
        .enumerate()
        .map(|(i, p)| {
            let labelled = |v: Vec<String>| {
                v.into_iter()
                    .map(|value| Labelled {
                        value,
                        ..Labelled::default()
                    })
                    .collect()
            };
            Gathered {
                name: p.names.into_iter().next().unwrap_or_default(),
                phones: labelled(p.tels),
                emails: labelled(p.emails),
                ..Gathered::default()
            }
            .finish(i + 1)
        })
        .collect()
}
