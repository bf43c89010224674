//! Messages between Rapport tabs of the same phone (BroadcastChannel): a tab that saved something
//! tells the others, which reload just the records that changed.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// One named channel to the other tabs. Dropping it stops listening.
pub struct Channel {
    inner: web_sys::BroadcastChannel,
    _listener: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Channel {
    /// Opens `name`; `on_message` gets every text another tab posts. `None` where the browser
    /// has no BroadcastChannel (then tabs only see each other's changes after a reload).
    pub fn open(name: &str, on_message: impl Fn(String) + 'static) -> Option<Channel> {
        let inner = web_sys::BroadcastChannel::new(name).ok()?;
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(text) = e.data().as_string() {
                    on_message(text);
                }
            });
        inner.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Channel {
            inner,
            _listener: listener,
        })
    }

    /// Sends `text` to the other tabs (not to this one).
    pub fn post(&self, text: &str) {
        let _ = self.inner.post_message(&text.into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.inner.set_onmessage(None);
        self.inner.close();
    }
}
