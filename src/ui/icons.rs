//! Inline SVG icons (24 px, `currentColor`), hidden from screen readers: every control has its own label.

use leptos::prelude::*;

fn path(d: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d=d fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

pub fn today() -> impl IntoView {
    path("M4 5h16v15H4zM4 10h16M9 3v4M15 3v4")
}
pub fn people() -> impl IntoView {
    path("M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6")
}
pub fn chart() -> impl IntoView {
    path("M4 20V10M10 20V4M16 20v-7M22 20H2")
}
pub fn more() -> impl IntoView {
    path("M4 6h16M4 12h16M4 18h16")
}
pub fn plus() -> impl IntoView {
    path("M12 5v14M5 12h14")
}
pub fn back() -> impl IntoView {
    path("M15 18l-6-6 6-6")
}
pub fn search() -> impl IntoView {
    path("M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5")
}
pub fn phone() -> impl IntoView {
    path("M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z")
}
pub fn chat() -> impl IntoView {
    path("M21 11.5a8.4 8.4 0 0 1-12.3 7.5L3 21l2-5.6A8.5 8.5 0 1 1 21 11.5z")
}
pub fn mail() -> impl IntoView {
    path("M4 4h16v16H4zM4 6l8 7 8-7")
}
pub fn edit() -> impl IntoView {
    path("M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z")
}
pub fn trash() -> impl IntoView {
    path("M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6")
}
pub fn restore() -> impl IntoView {
    path("M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5")
}
pub fn gear() -> impl IntoView {
    path("M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z")
}
pub fn cake() -> impl IntoView {
    path("M4 21h16v-8H4zM4 16c2 1.5 4 1.5 6 0s4-1.5 6 0 3 1.5 4 0M12 13V9M12 6a1.5 1.5 0 0 0 1.5-1.5C13.5 3 12 2 12 2s-1.5 1-1.5 2.5A1.5 1.5 0 0 0 12 6z")
}
pub fn chevron() -> impl IntoView {
    path("M9 18l6-6-6-6")
}
pub fn bag() -> impl IntoView {
    path("M6 7h12l1 14H5zM9 7V5a3 3 0 0 1 6 0v2")
}
pub fn cash() -> impl IntoView {
    path("M3 6h18v12H3zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 9v.01M18 15v.01")
}
pub fn alert() -> impl IntoView {
    path("M12 3l10 18H2zM12 10v4M12 17.5v.01")
}
pub fn check() -> impl IntoView {
    path("M5 12l5 5 9-10")
}
pub fn bell() -> impl IntoView {
    path("M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 21h4")
}
pub fn coins() -> impl IntoView {
    path("M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM15 9.5c-.6-1-1.7-1.5-3-1.5-1.7 0-3 .9-3 2s1.3 1.7 3 2 3 .9 3 2-1.3 2-3 2c-1.3 0-2.4-.5-3-1.5M12 6.5v11")
}
pub fn calendar_plus() -> impl IntoView {
    path("M4 5h16v15H4zM4 10h16M9 3v4M15 3v4M12 13v5M9.5 15.5h5")
}
pub fn sms() -> impl IntoView {
    path("M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2zM8 10h.01M12 10h.01M16 10h.01")
}
pub fn instagram() -> impl IntoView {
    path("M7 2h10a5 5 0 0 1 5 5v10a5 5 0 0 1-5 5H7a5 5 0 0 1-5-5V7a5 5 0 0 1 5-5zM16 11.4A4 4 0 1 1 12.6 8 4 4 0 0 1 16 11.4zM17.5 6.5h.01")
}
pub fn facebook() -> impl IntoView {
    path("M18 2h-3a5 5 0 0 0-5 5v3H7v4h3v8h4v-8h3l1-4h-4V7a1 1 0 0 1 1-1h3z")
}
pub fn tiktok() -> impl IntoView {
    path("M16 2h-4v14a3 3 0 1 1-3-3M16 2a5 5 0 0 0 5 5")
}
pub fn megaphone() -> impl IntoView {
    path("M3 11v2a1 1 0 0 0 1 1h2l5 4V6L6 10H4a1 1 0 0 0-1 1zM15 9a3 3 0 0 1 0 6M18 6a7 7 0 0 1 0 12")
}
pub fn template() -> impl IntoView {
    path("M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6M8 13h8M8 17h5")
}
