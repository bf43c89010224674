//! The starter templates every business has, in each app language, and how they mix with the
//! stored ones.

use crate::domain::basics::locale::Language;

use super::*;

// ---------------------------------------------------------------------------------------------
// Starter templates

/// The templates every business starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Starter {
    ThankYou,
    MissYou,
    PaymentReminder,
    Birthday,
    NewStock,
    /// Sent when an order moves to confirmed, ready, delivered or cancelled.
    OrderConfirmed,
    OrderReady,
    OrderDelivered,
    OrderCancelled,
}

impl Starter {
    pub const ALL: [Starter; 9] = [
        Starter::ThankYou,
        Starter::MissYou,
        Starter::PaymentReminder,
        Starter::Birthday,
        Starter::NewStock,
        Starter::OrderConfirmed,
        Starter::OrderReady,
        Starter::OrderDelivered,
        Starter::OrderCancelled,
    ];

    /// The fixed id the starter (and an edited copy of it) has.
    pub fn id(self) -> &'static str {
        match self {
            Starter::ThankYou => "starter-thank-you",
            Starter::MissYou => "starter-miss-you",
            Starter::PaymentReminder => "starter-payment-reminder",
            Starter::Birthday => "starter-birthday",
            Starter::NewStock => "starter-new-stock",
            Starter::OrderConfirmed => "starter-order-confirmed",
            Starter::OrderReady => "starter-order-ready",
            Starter::OrderDelivered => "starter-order-delivered",
            Starter::OrderCancelled => "starter-order-cancelled",
        }
    }

    pub fn from_id(id: &str) -> Option<Starter> {
        Starter::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn purpose(self) -> Purpose {
        match self {
            Starter::ThankYou
            | Starter::PaymentReminder
            | Starter::OrderConfirmed
            | Starter::OrderReady
            | Starter::OrderDelivered
            | Starter::OrderCancelled => Purpose::Service,
            Starter::MissYou | Starter::Birthday | Starter::NewStock => Purpose::Marketing,
        }
    }

    /// (name, body) in `lang`.
    pub fn text(self, lang: Language) -> (&'static str, &'static str) {
        use Language::*;
        match (self, lang) {
            (Starter::ThankYou, En) => ("Thank you for your purchase", "Hi {first_name}! Thank you for your purchase at {business}. We hope you love it. If you need anything, just reply here. 😊"),
            (Starter::ThankYou, Es) => ("Gracias por tu compra", "¡Hola {first_name}! Gracias por tu compra en {business}. Esperamos que te encante. Si necesitas algo, responde a este mensaje. 😊"),
            (Starter::ThankYou, Id) => ("Terima kasih sudah berbelanja", "Halo Kak {first_name}! Terima kasih sudah berbelanja di {business}. Semoga suka ya. Kalau ada yang dibutuhkan, balas saja pesan ini. 😊"),
            (Starter::MissYou, En) => ("We miss you", "Hi {first_name}! It's been a while since we last saw you at {business}. We have new things you might like. Come and take a look! 💛"),
            (Starter::MissYou, Es) => ("Te extrañamos", "¡Hola {first_name}! Hace tiempo que no te vemos por {business}. Tenemos novedades que te pueden gustar. ¡Ven a verlas! 💛"),
            (Starter::MissYou, Id) => ("Kami kangen", "Halo Kak {first_name}! Sudah lama tidak mampir ke {business}. Ada barang baru yang mungkin Kakak suka, yuk lihat-lihat! 💛"),
            (Starter::PaymentReminder, En) => ("Payment reminder", "Hello {first_name}! A friendly reminder from {business}: {amount_owed} is still open. Thank you!"),
            (Starter::PaymentReminder, Es) => ("Recordatorio de pago", "¡Hola {first_name}! Un recordatorio amable de {business}: queda pendiente {amount_owed}. ¡Gracias!"),
            (Starter::PaymentReminder, Id) => ("Pengingat pembayaran", "Halo Kak {first_name}, ini dari {business}. Sekadar mengingatkan, masih ada tagihan {amount_owed} yang belum dibayar. Terima kasih!"),
            (Starter::Birthday, En) => ("Happy birthday", "Happy birthday, {first_name}! 🎂 Everyone at {business} wishes you a wonderful day."),
            (Starter::Birthday, Es) => ("Feliz cumpleaños", "¡Feliz cumpleaños, {first_name}! 🎂 Todo el equipo de {business} te desea un día maravilloso."),
            (Starter::Birthday, Id) => ("Selamat ulang tahun", "Selamat ulang tahun, Kak {first_name}! 🎂 Semua dari {business} mendoakan hari yang menyenangkan untukmu."),
            (Starter::NewStock, En) => ("New stock arrived", "Hi {first_name}! New stock just arrived at {business}. Reply to this message to reserve yours before it's gone. ✨"),
            (Starter::NewStock, Es) => ("Llegaron productos nuevos", "¡Hola {first_name}! Acaban de llegar productos nuevos a {business}. Responde a este mensaje para separar el tuyo antes de que se agote. ✨"),
            (Starter::NewStock, Id) => ("Stok baru sudah datang", "Halo Kak {first_name}! Stok baru sudah datang di {business}. Balas pesan ini untuk pesan duluan sebelum kehabisan ya. ✨"),
            (Starter::OrderConfirmed, En) => ("Your order is confirmed", "Hi {first_name}! Your order at {business} is confirmed. It will be ready on {order_due}. Thank you!"),
            (Starter::OrderConfirmed, Es) => ("Tu pedido está confirmado", "¡Hola {first_name}! Tu pedido en {business} está confirmado. Estará listo el {order_due}. ¡Gracias!"),
            (Starter::OrderConfirmed, Id) => ("Pesanan dikonfirmasi", "Halo Kak {first_name}! Pesanan Kakak di {business} sudah dikonfirmasi. Siap pada {order_due}. Terima kasih!"),
            (Starter::OrderReady, En) => ("Your order is ready", "Hi {first_name}! Your order at {business} is ready. 🎉"),
            (Starter::OrderReady, Es) => ("Tu pedido está listo", "¡Hola {first_name}! Tu pedido en {business} está listo. 🎉"),
            (Starter::OrderReady, Id) => ("Pesanan sudah siap", "Halo Kak {first_name}! Pesanan Kakak di {business} sudah siap. 🎉"),
            (Starter::OrderDelivered, En) => ("Your order was delivered", "Hi {first_name}! Your order from {business} was delivered. We hope you love it. Thank you! 😊"),
            (Starter::OrderDelivered, Es) => ("Tu pedido fue entregado", "¡Hola {first_name}! Tu pedido de {business} fue entregado. Esperamos que te encante. ¡Gracias! 😊"),
            (Starter::OrderDelivered, Id) => ("Pesanan sudah diantar", "Halo Kak {first_name}! Pesanan Kakak dari {business} sudah diantar. Semoga suka ya. Terima kasih! 😊"),
            (Starter::OrderCancelled, En) => ("Your order was cancelled", "Hi {first_name}, your order at {business} was cancelled. If you have any questions, just reply here."),
            (Starter::OrderCancelled, Es) => ("Tu pedido fue cancelado", "Hola {first_name}, tu pedido en {business} fue cancelado. Si tienes preguntas, responde a este mensaje."),
            (Starter::OrderCancelled, Id) => ("Pesanan dibatalkan", "Halo Kak {first_name}, pesanan Kakak di {business} dibatalkan. Kalau ada pertanyaan, balas saja pesan ini."),
        }
    }

    /// The starter as shipped, in `lang` (times 0: not stored).
    pub fn template(self, lang: Language) -> Template {
        let (name, body) = self.text(lang);
        Template {
            id: self.id().to_string(),
            name: name.to_string(),
            body: body.to_string(),
            purpose: self.purpose(),
            created_at: 0,
            updated_at: 0,
            deleted_at: None,
        }
    }
}

impl Starter {
    /// The message sent when an order moves to `status` (none for a new order).
    pub fn for_order(status: crate::domain::records::purchases::OrderStatus) -> Option<Starter> {
        use crate::domain::records::purchases::OrderStatus;
        match status {
            OrderStatus::New => None,
            OrderStatus::Confirmed => Some(Starter::OrderConfirmed),
            OrderStatus::Ready => Some(Starter::OrderReady),
            OrderStatus::Delivered => Some(Starter::OrderDelivered),
            OrderStatus::Cancelled => Some(Starter::OrderCancelled),
        }
    }
}

/// The template for a starter: the owner's edited copy when there is one (not in the Trash),
/// else the starter in `lang`.
pub fn starter_template(stored: &[Template], starter: Starter, lang: Language) -> Template {
    stored
        .iter()
        .find(|t| t.id == starter.id() && !t.is_deleted())
        .cloned()
        .unwrap_or_else(|| starter.template(lang))
}

/// The templates to list: the starters (edited copies in their place), then the owner's
/// own templates by name. Templates in the Trash are left out.
pub fn effective(stored: &[Template], lang: Language) -> Vec<Template> {
    let mut out: Vec<Template> = Starter::ALL
        .into_iter()
        .map(|s| starter_template(stored, s, lang))
        .collect();
    let mut own: Vec<Template> = stored
        .iter()
        .filter(|t| t.starter().is_none() && !t.is_deleted())
        .cloned()
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut own, |t| (t.name.to_lowercase(), t.id.clone()));
    out.extend(own);
    out
}

/// The message for one customer from a starter (used by "remind" and the birthday greeting).
pub fn starter_message(
    stored: &[Template],
    starter: Starter,
    lang: Language,
    values: &Values,
) -> String {
    render(&starter_template(stored, starter, lang).body, values, lang)
}
