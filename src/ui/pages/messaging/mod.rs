//! Pages for talking to customers: templates and campaigns.

pub(crate) mod campaigns;
pub(crate) mod templates;

use leptos::prelude::*;

use crate::domain::messaging::template::Values;
use crate::domain::records::customer::Customer;
use crate::ui::pages::records::contact::values_for;
use crate::ui::state::AppState;

/// The placeholders' values for a message preview of `c`: on a phone in staff view the amounts
/// the customer owes show as "Hidden" until the PIN is entered (the message sent keeps them).
pub(crate) fn preview_values(app: AppState, c: &Customer) -> Values {
    let values = values_for(app, c);
    if app.amounts_visible.get() {
        values
    } else {
        values.amounts_hidden(tr!(lock.hidden))
    }
}
