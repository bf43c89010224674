//! Settings → "How customers pay you" (`#/settings/pay`): add, edit and remove the business's
//! payment methods. Filled in once the payment-method records exist.

use leptos::prelude::*;

#[component]
pub fn PayMethodsPage() -> impl IntoView {
    view! { <section class="paid-page"><h2>{tr!(paid.methods_title)}</h2></section> }
}
