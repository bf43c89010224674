//! The drawn sheet on screen (an `<img>` of the PNG, with alt text) and what to do with it:
//! Share (the PNG as a file with the Web Share API; where the browser cannot share files, the PNG
//! is downloaded and WhatsApp opens with a text summary) and Print (the print style sheet shows
//! only the image, so "Save as PDF" gives a clean page).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::sheet::{self, Block};
use crate::platform::{self, files::FileError};

/// A sheet ready to draw, with what goes around it.
pub struct Made {
    pub blocks: Vec<Block>,
    /// The PNG's file name, e.g. `receipt-2026-03-15.png`.
    pub file: String,
    /// The image's alt text: what it says, in one sentence.
    pub alt: String,
    /// The message beside the file, and the WhatsApp text where files cannot be shared.
    pub summary: String,
    /// The customer's phone in E.164, for wa.me.
    pub phone: Option<String>,
}

/// The PNG once drawn: its object URL and bytes.
#[derive(Clone)]
struct Png {
    url: String,
    blob: web_sys::Blob,
}

#[component]
pub fn SheetPreview(made: Made) -> impl IntoView {
    let app = crate::ui::state::use_app();
    let Made {
        blocks,
        file,
        alt,
        summary,
        phone,
    } = made;
    let png = RwSignal::new(None::<Result<Png, sheet::DrawError>>);
    let blocks = StoredValue::new_local(Some(blocks));
    spawn_local(async move {
        let Some(blocks) = blocks.try_update_value(Option::take).flatten() else {
            return;
        };
        let result = match sheet::draw(blocks) {
            Ok(canvas) => sheet::png(&canvas).await,
            Err(e) => Err(e),
        }
        .and_then(|blob| {
            web_sys::Url::create_object_url_with_blob(&blob)
                .map(|url| Png { url, blob })
                .map_err(|_| sheet::DrawError::NoPng)
        });
        png.try_set(Some(result));
    });
    on_cleanup(move || {
        if let Some(Some(Ok(p))) = png.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&p.url);
        }
    });
    let (file, summary) = (StoredValue::new(file), StoredValue::new(summary));
    let share = move |_| {
        let Some(Ok(p)) = png.get_untracked() else {
            return;
        };
        let (name, text) = (file.get_value(), summary.get_value());
        if platform::files::can_share(&name, "image/png") {
            spawn_local(async move {
                match platform::files::share_blob(&name, &p.blob, &name, Some(&text)).await {
                    Ok(_) => {}
                    Err(e) => app.error(share_problem(e)),
                }
            });
        } else {
            // No file sharing here (most desktops): the PNG is saved, and WhatsApp opens with the
            // figures as text, to attach the image by hand.
            if let Err(e) = platform::files::download_blob(&name, &p.blob) {
                app.error(share_problem(e));
            }
            let link = phone
                .as_deref()
                .and_then(|p| crate::domain::messaging::contact::wa_link(p, &text))
                .unwrap_or_else(|| {
                    format!(
                        "https://wa.me/?text={}",
                        crate::domain::messaging::contact::encode_component(&text)
                    )
                });
            let _ = super::js::call(&platform::window(), "open", &[link.into(), "_blank".into()]);
        }
    };
    let download = move |_| {
        if let Some(Ok(p)) = png.get_untracked() {
            if let Err(e) = platform::files::download_blob(&file.get_value(), &p.blob) {
                app.error(share_problem(e));
            }
        }
    };
    let print = move |_| {
        let _ = super::js::call(&platform::window(), "print", &[]);
    };
    let ready = move || matches!(png.get(), Some(Ok(_)));
    view! {
        <div class="sheet-actions case-actions">
            <button type="button" class="btn btn-primary" disabled=move || !ready() on:click=share>
                {tr!(paid.share)}
            </button>
            <button type="button" class="btn btn-secondary" disabled=move || !ready() on:click=download>
                {tr!(paid.download)}
            </button>
            <button type="button" class="btn btn-secondary" disabled=move || !ready() on:click=print>
                {tr!(paid.print)}
            </button>
        </div>
        <figure class="sheet print-sheet">
            {move || match png.get() {
                None => view! { <p class="loading" role="status">{tr!(paid.drawing)}</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="notice notice-error" role="alert">{tr!(paid.draw_failed)}</p>
                }.into_any(),
                Some(Ok(p)) => view! { <img class="sheet-img" src=p.url alt=alt.clone() /> }.into_any(),
            }}
        </figure>
    }
}

fn share_problem(e: FileError) -> String {
    crate::ui::messages::file_error(&e)
}
