//! The rows of a CSV file read into drafts with a [`Mapping`], and the cells that say a status,
//! a channel or yes/no.

use crate::domain::records::customer::{Channel, Status};

use super::{
    clean_label, guess_date_order, header_key, parse_birthday, placeholder_date, Gathered,
    Labelled, Mapping, RowDraft, RowError, RowWarning, Target,
};

/// A cell as imported: trimmed, without the `'` a spreadsheet export put before a formula-like
/// value (see [`csv::guard`](crate::domain::formats::csv::guard)), line breaks as `\n`.
fn clean_cell(s: &str) -> String {
    crate::domain::formats::csv::unguard(s.trim())
        .trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Reads a status as written in English, Spanish or Indonesian.
pub fn parse_status(s: &str) -> Option<Status> {
    let k = header_key(s);
    let st = match k.as_str() {
        "lead" | "prospect" | "prospecto" | "prospecta" | "interesado" | "interesada"
        | "potencial" | "potential" | "nuevo" | "new" | "prospek" | "calon" | "calon pelanggan" => {
            Status::Lead
        }
        "customer" | "client" | "cliente" | "pelanggan" | "comprador" | "compradora" | "buyer"
        | "active" | "activo" | "activa" | "aktif" => Status::Customer,
        "inactive" | "inactivo" | "inactiva" | "tidak aktif" | "nonaktif" | "non aktif"
        | "dormant" | "lost" | "perdido" => Status::Inactive,
        _ => return None,
    };
    Some(st)
}

/// Reads a contact channel: Rapport's codes and labels, and everyday words.
pub fn parse_channel(s: &str) -> Option<Channel> {
    let k = header_key(s);
    if let Some(c) = Channel::ALL
        .into_iter()
        .find(|c| k == c.code() || k == header_key(c.label()))
    {
        return Some(c);
    }
    let c = match k.as_str() {
        "wa" | "whats app" | "wasap" | "wsp" => Channel::WhatsApp,
        "phone" | "llamada" | "telefono" | "telepon" | "telp" | "call" | "calls" => Channel::Call,
        "correo" | "e mail" | "surel" | "mail" => Channel::Email,
        "ig" => Channel::Instagram,
        "fb" => Channel::Facebook,
        "tik tok" => Channel::TikTok,
        "visita" | "presencial" | "en persona" | "tienda" | "kunjungan" | "langsung" => {
            Channel::Visit
        }
        "mensaje" | "mensaje de texto" | "text" => Channel::Sms,
        "otro" | "lainnya" => Channel::Other,
        _ => return None,
    };
    Some(c)
}

/// Reads yes or no in English, Spanish or Indonesian ("yes", "sí", "ya", "x", "1", "true"…).
pub fn parse_yes_no(s: &str) -> Option<bool> {
    let t = s.trim();
    if ["✓", "✔", "☑", "✅"].contains(&t) {
        return Some(true);
    }
    match header_key(t).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "si" | "s" | "ya" | "iya" | "y a" | "setuju"
        | "acepta" | "agreed" | "ok" | "opt in" => Some(true),
        "no" | "n" | "false" | "0" | "tidak" | "tdk" | "gak" | "nggak" | "opt out" => Some(false),
        _ => None,
    }
}

/// Reads the data rows of a CSV file (`rows[0]` is the header row) into drafts, with the
/// columns of `mapping`. Blank rows are left out; cells missing from short rows count as empty.
/// A row gets an error only when it has no name, phone or email at all.
pub fn rows_to_drafts(rows: &[Vec<String>], mapping: &Mapping) -> Vec<Result<RowDraft, RowError>> {
    let Some((header, data)) = rows.split_first() else {
        return Vec::new();
    };
    let order = mapping.date_order.unwrap_or_else(|| {
        let col = mapping.get(Target::Birthday);
        guess_date_order(
            data.iter()
                .filter_map(|r| col.and_then(|c| r.get(c)))
                .map(String::as_str),
        )
    });
    let phone_cols = mapping.columns(Target::Phone);
    let mut out = Vec::new();
    for (i, r) in data.iter().enumerate() {
        let row = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |col: usize| r.get(col).map(|s| clean_cell(s)).unwrap_or_default();
        let first = |t: Target| mapping.get(t).map(cell).unwrap_or_default();
        let all = |t: Target| -> Vec<String> {
            mapping
                .columns(t)
                .iter()
                .map(|&c| cell(c))
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut g = Gathered {
            name: first(Target::Name),
            ..Gathered::default()
        };
        if g.name.is_empty() {
            g.name = [Target::FirstName, Target::MiddleName, Target::LastName]
                .into_iter()
                .map(first)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
        g.company = first(Target::Company);
        for &col in phone_cols {
            let label = match mapping.phone_labels.iter().find(|(v, _)| *v == col) {
                Some(&(_, label_col)) => clean_label(&cell(label_col)),
                None if phone_cols.len() > 1 => header.get(col).cloned().unwrap_or_default(),
                None => String::new(),
            };
            let preferred = mapping
                .phone_labels
                .iter()
                .find(|(v, _)| *v == col)
                .is_some_and(|&(_, l)| cell(l).starts_with('*'));
            for v in cell(col).split(":::") {
                g.phones.push(Labelled {
                    value: v.trim().to_string(),
                    label: label.clone(),
                    preferred,
                });
            }
        }
        for v in all(Target::Email) {
            g.emails.push(Labelled {
                value: v,
                ..Labelled::default()
            });
        }
        g.tags = all(Target::Tags);
        g.notes = all(Target::Notes);
        let address = all(Target::Address).join(", ");
        if !address.is_empty() {
            g.addresses.push(address);
        }
        let bday = first(Target::Birthday);
        if !bday.is_empty() && !placeholder_date(&bday) {
            match parse_birthday(&bday, order) {
                Some(b) => g.birthday = Some(b),
                None => g.birthday_unread = bday,
            }
        }
        g.instagram = first(Target::Instagram);
        g.facebook = first(Target::Facebook);
        g.tiktok = first(Target::TikTok);
        let status = first(Target::Status);
        g.status = parse_status(&status);
        if g.status.is_none() && !status.is_empty() {
            g.warnings.push(RowWarning::UnknownStatus { value: status });
        }
        g.channel = parse_channel(&first(Target::Channel));
        let consent = first(Target::Consent);
        g.consent = parse_yes_no(&consent);
        if g.consent.is_none() && !consent.is_empty() {
            g.warnings
                .push(RowWarning::UnknownConsent { value: consent });
        }
        if r.len() > header.len() && r[header.len()..].iter().any(|c| !c.trim().is_empty()) {
            g.warnings.push(RowWarning::ExtraCells);
        }
        out.push(g.finish(row));
    }
    out
}
