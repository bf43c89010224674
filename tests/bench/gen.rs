//! Seeded, deterministic dataset generator for the benchmark (`bash .ci/bench`) and the fault
//! tests. Writes real v1 Rapport backups with the app's own `domain::backup::export`:
//!
//! ```text
//! cargo run --release --example gen-dataset -- [OUT_DIR] [SEED]
//! ```
//!
//! Three files in `OUT_DIR` (default `target/bench`):
//! - `rapport-1k.json`   —    100 customers,   1,000 events;
//! - `rapport-10k.json`  —  1,000 customers,  10,000 events;
//! - `rapport-100k.json` — 10,000 customers, 100,000 interactions, 20,000 purchases, plus payments,
//!   follow-ups and complaints.
//!
//! Customers are a mix of Indonesian, Spanish and Indian names with the phone formats people
//! really type (`0812-3456-7890`, `+34 612 34 56 78`, `+91 98765 43210`); purchases are skewed
//! (a few loyal customers buy often, most buy once); interactions spread over every channel; some
//! purchases are left partly unpaid (open balances); some customers complain. Same seed, same
//! bytes. A `names-*.json` file next to each backup lists the active customers' names (the
//! benchmark's plain-JavaScript search baseline scans them).

use std::fs;
use std::path::PathBuf;

use rapport::domain::basics::id;
use rapport::domain::basics::locale::Country;
use rapport::domain::basics::phone::{self, PhoneParse};
use rapport::domain::formats::backup::{export, Data, Meta};
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::{Birthday, Channel, Customer, Social, Status};
use rapport::domain::records::events::{
    Direction, Interaction, InteractionKind, Line, Payment, Purchase, Task,
};
use rapport::domain::records::settings::Settings;

/// 2026-11-01T00:00:00Z: "now" for every dataset, so files do not depend on the clock.
pub const NOW: i64 = 1_793_491_200_000;
const DAY: i64 = 86_400_000;

/// SplitMix64: tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    fn id(&mut self, at: i64) -> String {
        let mut r = [0u8; 10];
        for b in &mut r {
            *b = self.next() as u8;
        }
        id::make(at, r)
    }
    /// A skewed index in `0..n`: small indices much more likely (u³), so a few are "loyal".
    fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((u * u * u) * n as f64) as usize % n
    }
}

const ID_FIRST: &[&str] = &[
    "Siti", "Dewi", "Putri", "Ayu", "Rina", "Sri", "Wulan", "Indah", "Fitri", "Nur", "Budi",
    "Agus", "Eko", "Joko", "Andi", "Rudi", "Hendra", "Yusuf", "Rizky", "Fajar", "Bayu", "Dimas",
    "Kartika", "Lestari", "Made", "Ketut", "Wayan", "Nyoman", "Intan", "Rahmat",
];
const ID_LAST: &[&str] = &[
    "Rahma",
    "Wijaya",
    "Santoso",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Setiawan",
    "Nugroho",
    "Lestari",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Putra",
    "Sari",
    "Wibowo",
    "Gunawan",
    "Halim",
    "Tanjung",
];
const ES_FIRST: &[&str] = &[
    "José",
    "María",
    "Lucía",
    "Sofía",
    "Martín",
    "Alejandro",
    "Carmen",
    "Pilar",
    "Núria",
    "Jordi",
    "Íñigo",
    "Begoña",
    "Andrés",
    "Álvaro",
    "Inés",
    "Raúl",
    "Ramón",
    "Mónica",
    "Nicolás",
    "Ángela",
];
const ES_LAST: &[&str] = &[
    "Núñez",
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Muñoz",
    "Álvarez",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Peña",
    "Ibáñez",
    "Castaño",
];
const IN_FIRST: &[&str] = &[
    "Priya", "Ananya", "Aarav", "Vivaan", "Rohan", "Sneha", "Lakshmi", "Arjun", "Kavya", "Ishaan",
    "Deepa", "Rahul", "Pooja", "Sanjay", "Meera", "Vikram", "Nisha", "Aditya", "Divya", "Suresh",
];
const IN_LAST: &[&str] = &[
    "Sharma",
    "Patel",
    "Iyer",
    "Reddy",
    "Nair",
    "Gupta",
    "Singh",
    "Kumar",
    "Menon",
    "Rao",
    "Das",
    "Joshi",
    "Mehta",
    "Chatterjee",
    "Pillai",
    "Verma",
    "Banerjee",
    "Kapoor",
    "Bhat",
    "Desai",
];
const TAGS: &[&str] = &[
    "vip",
    "reseller",
    "wholesale",
    "instagram",
    "catering",
    "wedding",
    "regular",
    "office",
    "school",
    "arisan",
];
const ITEMS: &[(&str, i64)] = &[
    ("Nasi box", 25_000),
    ("Kue lapis", 60_000),
    ("Brownies", 85_000),
    ("Tumpeng mini", 350_000),
    ("Bolu pandan", 70_000),
    ("Kastengel 500 g", 120_000),
    ("Nastar 500 g", 130_000),
    ("Es kopi susu 1 L", 95_000),
    ("Hampers", 450_000),
    ("Ongkir", 15_000),
];
const SUMMARIES: &[&str] = &[
    "Asked about prices for an order next week",
    "Confirmed the delivery time",
    "Sent the catalogue",
    "Wants a custom cake for a birthday",
    "Asked if we deliver to Bekasi",
    "Thanked us for the order",
    "Reminded about the unpaid balance",
    "Complained the box arrived late",
    "Follow-up on last order",
    "Asked for the bank account number",
];
const OUTCOMES: &[&str] = &["", "", "Will order", "Paid", "No answer", "Call back later"];
const COMPLAINTS: &[&str] = &[
    "Order arrived late",
    "Wrong flavour delivered",
    "Box was damaged",
    "Charged twice",
    "Missing item in the hampers",
];

const KINDS: &[InteractionKind] = &[
    InteractionKind::WhatsApp,
    InteractionKind::WhatsApp,
    InteractionKind::WhatsApp,
    InteractionKind::Instagram,
    InteractionKind::Call,
    InteractionKind::Visit,
    InteractionKind::Sms,
    InteractionKind::Email,
    InteractionKind::Facebook,
    InteractionKind::TikTok,
    InteractionKind::Note,
];

/// A name and the phone number as a customer from that country would type it.
fn person(r: &mut Rng) -> (String, String, Country) {
    match r.below(4) {
        0 | 1 => {
            let name = format!("{} {}", r.pick(ID_FIRST), r.pick(ID_LAST));
            let prefix = r
                .pick(&["811", "812", "813", "821", "852", "857", "878", "896"])
                .to_string();
            let (a, b) = (r.digits(4), r.digits(4));
            let phone = match r.below(4) {
                0 => format!("0{prefix}-{a}-{b}"),
                1 => format!("+62 {prefix} {a} {b}"),
                2 => format!("0{prefix}{a}{b}"),
                _ => format!("0{prefix} {a} {b}"),
            };
            (name, phone, Country::ID)
        }
        2 => {
            let name = format!(
                "{} {} {}",
                r.pick(ES_FIRST),
                r.pick(ES_LAST),
                r.pick(ES_LAST)
            );
            let first = r.pick(&["6", "7"]).to_string();
            let d = r.digits(8);
            let phone = match r.below(3) {
                0 => format!(
                    "+34 {first}{} {} {} {}",
                    &d[..2],
                    &d[2..4],
                    &d[4..6],
                    &d[6..]
                ),
                1 => format!("+34 {first}{} {} {}", &d[..2], &d[2..5], &d[5..]),
                _ => format!("0034{first}{d}"),
            };
            (name, phone, Country::ES)
        }
        _ => {
            let name = format!("{} {}", r.pick(IN_FIRST), r.pick(IN_LAST));
            let first = r.pick(&["9", "8", "7"]).to_string();
            let d = r.digits(9);
            let phone = match r.below(3) {
                0 => format!("+91 {first}{} {}", &d[..4], &d[4..]),
                1 => format!("+91-{first}{}", d),
                _ => format!("+91 {first}{}-{}", &d[..4], &d[4..]),
            };
            (name, phone, Country::IN)
        }
    }
}

fn email_of(name: &str, r: &mut Rng) -> String {
    let local: String = rapport::domain::records::search::fold(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    format!(
        "{local}{}@{}",
        r.below(100),
        r.pick(&["gmail.com", "yahoo.co.id", "outlook.com"])
    )
}

pub struct Sizes {
    pub customers: usize,
    pub interactions: usize,
    pub purchases: usize,
    pub payments: usize,
    pub tasks: usize,
    pub cases: usize,
}

pub fn generate(seed: u64, z: &Sizes) -> Data {
    let mut r = Rng(seed);
    let span = 3 * 365 * DAY;
    let mut customers = Vec::with_capacity(z.customers);
    for i in 0..z.customers {
        // Creation times increase with i (ids sort by age, like real data).
        let created = NOW - span
            + (i as i64) * (span / z.customers.max(1) as i64)
            + r.below(3_600_000) as i64;
        let (name, raw_phone, country) = person(&mut r);
        let e164 = match phone::normalise(&raw_phone, country) {
            PhoneParse::Valid(e) => Some(e),
            _ => None,
        };
        let has_phone = !r.chance(0.05);
        let mut tags: Vec<String> = Vec::new();
        if r.chance(0.4) {
            tags.push(r.pick(TAGS).to_string());
            if r.chance(0.3) {
                let t = r.pick(TAGS).to_string();
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
        let handle: String = rapport::domain::records::search::fold(&name).replace(' ', "_");
        let deleted = r.chance(0.02);
        customers.push(Customer {
            id: r.id(created),
            email: if r.chance(0.3) {
                email_of(&name, &mut r)
            } else {
                String::new()
            },
            name,
            phone: if has_phone { raw_phone } else { String::new() },
            phone_e164: if has_phone { e164 } else { None },
            tags,
            status: *r.pick(&[
                Status::Customer,
                Status::Customer,
                Status::Customer,
                Status::Lead,
                Status::Inactive,
            ]),
            preferred_channel: r.chance(0.6).then(|| {
                *r.pick(&[
                    Channel::WhatsApp,
                    Channel::WhatsApp,
                    Channel::Instagram,
                    Channel::Call,
                ])
            }),
            social: Social {
                instagram: if r.chance(0.25) {
                    handle
                } else {
                    String::new()
                },
                ..Social::default()
            },
            notes: if r.chance(0.1) {
                "Prefers delivery after 4 pm. No peanuts.".into()
            } else {
                String::new()
            },
            birthday: r.chance(0.2).then(|| Birthday {
                day: 1 + r.below(28) as u8,
                month: 1 + r.below(12) as u8,
                year: None,
            }),
            marketing_consent: r.chance(0.5),
            do_not_contact: r.chance(0.01),
            source: (*r.pick(&[
                "",
                "",
                "Instagram",
                "TikTok",
                "A friend",
                "Market stall",
                "WhatsApp",
            ]))
            .to_string(),
            created_at: created,
            updated_at: created + r.below(30) as i64 * DAY,
            deleted_at: deleted.then_some(NOW - r.below(30) as i64 * DAY),
            summary: Default::default(),
        });
    }
    // Loyalty: a random permutation, so the "loyal" (skewed-to) customers are spread over the list.
    let mut order: Vec<usize> = (0..z.customers).collect();
    for i in (1..order.len()).rev() {
        let j = r.below(i + 1);
        order.swap(i, j);
    }
    let when = |r: &mut Rng, c: &Customer| -> i64 {
        let from = c.created_at;
        from + (r.unit() * (NOW - from) as f64) as i64
    };
    let deleted = |r: &mut Rng| r.chance(0.01).then_some(NOW - DAY);

    let mut interactions = Vec::with_capacity(z.interactions);
    for _ in 0..z.interactions {
        // Three in four interactions follow the loyal (skewed) customers, the rest anyone.
        let k = if r.chance(0.75) {
            r.skewed(z.customers)
        } else {
            r.below(z.customers)
        };
        let c = &customers[order[k]];
        let at = when(&mut r, c);
        interactions.push(Interaction {
            id: r.id(at),
            customer_id: c.id.clone(),
            kind: *r.pick(KINDS),
            direction: if r.chance(0.55) {
                Direction::In
            } else {
                Direction::Out
            },
            at,
            summary: r.pick(SUMMARIES).to_string(),
            outcome: r.pick(OUTCOMES).to_string(),
            campaign_id: None,
            created_at: at,
            updated_at: at,
            deleted_at: deleted(&mut r),
        });
    }
    let mut purchases: Vec<Purchase> = Vec::with_capacity(z.purchases);
    for _ in 0..z.purchases {
        let c = &customers[order[r.skewed(z.customers)]];
        let at = when(&mut r, c);
        let lines: Vec<Line> = (0..1 + r.below(3))
            .map(|_| {
                let (item, price) = *r.pick(ITEMS);
                Line {
                    product_id: None,
                    item: item.to_string(),
                    quantity: 1 + r.below(4) as u32,
                    unit_price: price,
                }
            })
            .collect();
        let total = lines
            .iter()
            .map(|l| i64::from(l.quantity) * l.unit_price)
            .sum::<i64>();
        // 15 % left partly or wholly unpaid: open balances.
        let paid = if r.chance(0.15) {
            (total / 1000) * r.below(800) as i64
        } else {
            total
        };
        purchases.push(Purchase {
            order: None,
            id: r.id(at),
            customer_id: c.id.clone(),
            at,
            lines,
            total,
            paid,
            note: if r.chance(0.05) {
                "Pick up Saturday".into()
            } else {
                String::new()
            },
            created_at: at,
            updated_at: at,
            deleted_at: deleted(&mut r),
        });
    }
    let unpaid: Vec<usize> = (0..purchases.len())
        .filter(|&i| purchases[i].paid < purchases[i].total)
        .collect();
    let mut payments = Vec::with_capacity(z.payments);
    for _ in 0..z.payments {
        if unpaid.is_empty() {
            break;
        }
        let p = &purchases[*r.pick(&unpaid)];
        let at = (p.at + r.below(20) as i64 * DAY).min(NOW);
        let open = p.total - p.paid;
        payments.push(Payment {
            id: r.id(at),
            customer_id: p.customer_id.clone(),
            at,
            amount: (open / 2).max(1),
            note: String::new(),
            purchase_id: Some(p.id.clone()),
            created_at: at,
            updated_at: at,
            deleted_at: None,
        });
    }
    let mut tasks = Vec::with_capacity(z.tasks);
    for _ in 0..z.tasks {
        let c = &customers[r.below(z.customers)];
        let at = NOW + (r.below(60) as i64 - 30) * DAY;
        let created = (at - 7 * DAY).max(c.created_at);
        tasks.push(Task {
            id: r.id(created),
            customer_id: c.id.clone(),
            title: r
                .pick(&[
                    "Call back about the order",
                    "Send the invoice",
                    "Ask for a review",
                    "Remind about payment",
                ])
                .to_string(),
            at,
            done_at: (at < NOW && r.chance(0.7)).then_some(at),
            interaction_id: None,
            created_at: created,
            updated_at: created,
            deleted_at: None,
        });
    }
    let mut cases = Vec::with_capacity(z.cases);
    for _ in 0..z.cases {
        let c = &customers[r.below(z.customers)];
        let at = when(&mut r, c);
        let responded = r
            .chance(0.8)
            .then(|| (at + r.below(48) as i64 * 3_600_000).min(NOW));
        let resolved = responded.and_then(|t| {
            r.chance(0.7)
                .then(|| (t + r.below(5) as i64 * DAY).min(NOW))
        });
        cases.push(Case {
            id: r.id(at),
            customer_id: c.id.clone(),
            channel: *r.pick(KINDS),
            at,
            summary: r.pick(COMPLAINTS).to_string(),
            notes: String::new(),
            first_response_at: responded,
            resolved_at: resolved,
            created_at: at,
            updated_at: resolved.or(responded).unwrap_or(at),
            deleted_at: None,
        });
    }
    let mut settings = Settings::for_country(Country::ID);
    settings.business_name = "Dapur Siti".into();
    // The benchmark drives the app by its English button names.
    settings.language = rapport::domain::basics::locale::Language::En;
    settings.updated_at = NOW - span;
    Data {
        settings: Some(settings),
        customers,
        interactions,
        purchases,
        payments,
        tasks,
        cases,
        ..Data::default()
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/bench".into()));
    let seed: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_101);
    if let Err(e) = fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {e}", out.display());
        std::process::exit(1);
    }
    let sets = [
        (
            "1k",
            Sizes {
                customers: 100,
                interactions: 700,
                purchases: 200,
                payments: 40,
                tasks: 40,
                cases: 20,
            },
        ),
        (
            "10k",
            Sizes {
                customers: 1_000,
                interactions: 7_000,
                purchases: 2_000,
                payments: 400,
                tasks: 400,
                cases: 200,
            },
        ),
        (
            "100k",
            Sizes {
                customers: 10_000,
                interactions: 100_000,
                purchases: 20_000,
                payments: 3_000,
                tasks: 2_000,
                cases: 500,
            },
        ),
    ];
    for (label, z) in sets {
        let data = generate(seed, &z);
        let text = export(&data, &Meta::new(NOW, "bench-generator"));
        let names: Vec<&str> = data
            .customers
            .iter()
            .filter(|c| !c.is_deleted())
            .map(|c| c.name.as_str())
            .collect();
        let path = out.join(format!("rapport-{label}.json"));
        let names_path = out.join(format!("names-{label}.json"));
        let names_json = serde_json::to_string(&names).unwrap_or_default();
        if let Err(e) =
            fs::write(&path, text.as_bytes()).and_then(|_| fs::write(&names_path, names_json))
        {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        // The app must read it back: a generator bug must not pass as a slow import.
        if let Err(e) = rapport::domain::formats::backup::parse(text.as_bytes()) {
            eprintln!("{}: the app cannot read it: {e:?}", path.display());
            std::process::exit(1);
        }
        let c = data.counts();
        println!(
            "{}: {} customers, {} interactions, {} purchases, {} payments, {} tasks, {} cases ({} records, {} bytes)",
            path.display(), c.customers, c.interactions, c.purchases, c.payments, c.tasks, c.cases, c.total(), text.len()
        );
    }
}
