//! Purchases (with their lines, or a refund) and the payments made later against what is owed,
//! and the forms that record them.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::{parse_amount, Currency, Minor};
use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    amount_input, date_input, event_record, stamped, time_input, Defaults, EventError, EventField,
    EventProblem, EventRecord, Form, Stamp, MAX_LINES, MAX_TEXT, MAX_TITLE,
};

/// Whether a purchase has been paid for at the time of the purchase (derived, not stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    Paid,
    Unpaid,
    PartPaid,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 3] = [
        PaymentStatus::Paid,
        PaymentStatus::Unpaid,
        PaymentStatus::PartPaid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "paid",
            PaymentStatus::Unpaid => "unpaid",
            PaymentStatus::PartPaid => "part_paid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "Paid",
            PaymentStatus::Unpaid => "Not paid",
            PaymentStatus::PartPaid => "Part paid",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One line of a purchase: `quantity` (at least 1) × `unit_price`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub item: String,
    pub quantity: u32,
    pub unit_price: Minor,
    /// The product this line sold (or, in a refund, took back), if it was picked from the
    /// product list; `item` keeps the product's name as it was then. Free-text lines have none.
    /// Not written when absent (added in backup version 4; older files stay byte-identical).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
}

impl Line {
    /// `quantity × unit_price`, `None` on overflow.
    pub fn amount(&self) -> Option<Minor> {
        Minor::from(self.quantity).checked_mul(self.unit_price)
    }
}

/// Σ quantity × unit price, `None` on overflow.
pub fn lines_total(lines: &[Line]) -> Option<Minor> {
    lines
        .iter()
        .try_fold(0 as Minor, |sum, l| sum.checked_add(l.amount()?))
}

/// Something the customer bought (or, with a negative total, a refund).
///
/// Rules (enforced by [`PurchaseDraft`]): with lines, `total` is their sum; `0 <= paid <= total`
/// for a sale; a refund (`total < 0`) is always settled, `paid == total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub id: String,
    pub customer_id: String,
    /// When it was bought.
    pub at: Millis,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    pub total: Minor,
    /// Paid at the time of the purchase.
    #[serde(default)]
    pub paid: Minor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Set when the purchase is an order still to be made or delivered (see [`Order`]). Not written
    /// when absent (added in backup version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

/// Where an order stands. An order moves `New → Confirmed → Ready → Delivered`, or ends
/// `Cancelled` from any state before `Delivered`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    New,
    Confirmed,
    Ready,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::New,
        OrderStatus::Confirmed,
        OrderStatus::Ready,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    /// Still to be delivered: new, confirmed or ready.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::New | OrderStatus::Confirmed | OrderStatus::Ready
        )
    }
}

/// A purchase that is an order: its status and the day it is due or to be delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub status: OrderStatus,
    /// When it is due or to be delivered.
    pub due_at: Millis,
}

impl Purchase {
    /// What is still owed on this purchase alone: `total - paid`. A refund (`total < 0`) is
    /// settled by definition and gives 0. Negative only for inconsistent data where more was
    /// paid than the total (it then counts as credit).
    pub fn unpaid(&self) -> Minor {
        if self.total < 0 {
            0
        } else {
            self.total.wrapping_sub(self.paid)
        }
    }

    pub fn status(&self) -> PaymentStatus {
        if self.unpaid() <= 0 {
            PaymentStatus::Paid
        } else if self.paid <= 0 {
            PaymentStatus::Unpaid
        } else {
            PaymentStatus::PartPaid
        }
    }

    /// A refund: money given back to the customer.
    pub fn is_refund(&self) -> bool {
        self.total < 0
    }

    /// A sale: a purchase with a positive total (counts in the number of purchases).
    pub fn is_sale(&self) -> bool {
        self.total > 0
    }

    /// Whether it counts in what is owed, spent, sold and earned: not in the Trash and not a
    /// cancelled order. The ledger, the summaries, statements, analytics, stock and loyalty
    /// all skip a purchase for which this is false.
    pub fn counts(&self) -> bool {
        self.deleted_at.is_none() && !self.is_cancelled()
    }

    /// An order that was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.order
            .is_some_and(|o| o.status == OrderStatus::Cancelled)
    }
}

/// Money the customer paid later against what they owe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: String,
    pub customer_id: String,
    /// When it was paid.
    pub at: Millis,
    /// More than zero.
    pub amount: Minor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The purchase it was meant for, if the owner said so. What is owed is settled oldest
    /// purchase first whatever this says (see `ledger.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

event_record!(Purchase, "purchases");
event_record!(Payment, "payments");

/// One line of the purchase form, as typed. A line with all three fields empty is ignored;
/// an empty quantity means 1.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LineDraft {
    pub item: String,
    pub quantity: String,
    pub unit_price: String,
    /// The product picked for this line, kept as is into [`Line::product_id`].
    pub product_id: Option<String>,
}

impl LineDraft {
    fn is_blank(&self) -> bool {
        self.item.trim().is_empty()
            && self.quantity.trim().is_empty()
            && self.unit_price.trim().is_empty()
    }
}

/// How much was paid when they bought.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PaidChoice {
    /// Everything.
    #[default]
    Paid,
    /// Nothing yet: it goes on their tab.
    Unpaid,
    /// Part of it: the amount as typed.
    Part(String),
}

/// What the "add a purchase" form holds. With lines, the total is their sum and `total` is
/// ignored; without lines, `total` is required. A negative total is a refund and must be
/// [`PaidChoice::Paid`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PurchaseDraft {
    pub date: String,
    pub time: String,
    pub lines: Vec<LineDraft>,
    pub total: String,
    pub paid: PaidChoice,
    pub note: String,
    /// Kept as is into [`Purchase::order`] (the order's own controls set it).
    pub order: Option<Order>,
}

impl PurchaseDraft {
    /// The sum of the lines that can be read so far (for showing the total while typing);
    /// `None` when there are no such lines or the sum overflows.
    pub fn lines_total(&self, currency: Currency) -> Option<Minor> {
        let mut any = false;
        let mut sum: Minor = 0;
        for l in self.lines.iter().filter(|l| !l.is_blank()) {
            let q = if l.quantity.trim().is_empty() {
                1
            } else {
                l.quantity.trim().parse::<u32>().ok()?
            };
            let p = parse_amount(&l.unit_price, currency).ok()?;
            sum = sum.checked_add(Minor::from(q).checked_mul(p)?)?;
            any = true;
        }
        any.then_some(sum)
    }

    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        self.read(
            Stamp::new(id, customer_id, now),
            now,
            tz_offset_minutes,
            currency,
        )
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Purchase,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        self.read(Stamp::kept(existing, now), now, tz_offset_minutes, currency)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Purchase, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let mut lines = Vec::new();
        let drafts: Vec<(usize, &LineDraft)> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_blank())
            .collect();
        if drafts.len() > MAX_LINES {
            form.error(
                EventField::Total,
                EventProblem::TooManyItems { max: MAX_LINES },
            );
        }
        for &(i, l) in &drafts {
            let item = form.required_text(
                EventField::Item(i),
                &l.item,
                MAX_TITLE,
                EventProblem::ItemMissing,
            );
            let q = l.quantity.trim();
            let quantity = if q.is_empty() {
                Some(1)
            } else {
                match q.parse::<u32>() {
                    Ok(0) => {
                        form.error(EventField::Quantity(i), EventProblem::QuantityZero);
                        None
                    }
                    Ok(n) => Some(n),
                    Err(_) => {
                        form.error(EventField::Quantity(i), EventProblem::QuantityNotWhole);
                        None
                    }
                }
            };
            let unit_price = form.amount(EventField::UnitPrice(i), &l.unit_price, currency);
            if let (Some(quantity), Some(unit_price)) = (quantity, unit_price) {
                lines.push(Line {
                    item,
                    quantity,
                    unit_price,
                    product_id: l.product_id.clone(),
                });
            }
        }
        let total = if !drafts.is_empty() {
            let total = lines_total(&lines);
            if total.is_none() {
                form.error(EventField::Total, EventProblem::TotalTooLarge);
            }
            total
        } else if self.total.trim().is_empty() {
            form.error(EventField::Total, EventProblem::TotalMissing);
            None
        } else {
            form.amount(EventField::Total, &self.total, currency)
        };
        let total = total.unwrap_or(0);
        let paid = match &self.paid {
            PaidChoice::Paid => total,
            PaidChoice::Unpaid => 0,
            PaidChoice::Part(typed) => form.amount(EventField::Paid, typed, currency).unwrap_or(0),
        };
        if total < 0 {
            if paid != total {
                form.error(EventField::Paid, EventProblem::RefundNotPaid);
            }
        } else if paid < 0 {
            form.error(EventField::Paid, EventProblem::PaidNegative);
        } else if paid > total {
            form.error(EventField::Paid, EventProblem::PaidMoreThanTotal);
        }
        let note = form.text(EventField::Notes, &self.note, MAX_TEXT);
        form.finish(stamped!(
            stamp,
            Purchase {
                at,
                lines,
                order: self.order,
                total,
                paid,
                note,
            }
        ))
    }
}

impl Purchase {
    pub fn to_draft(&self, tz_offset_minutes: i32, currency: Currency) -> PurchaseDraft {
        let paid = if self.paid == self.total {
            PaidChoice::Paid
        } else if self.paid == 0 {
            PaidChoice::Unpaid
        } else {
            PaidChoice::Part(amount_input(self.paid, currency))
        };
        PurchaseDraft {
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            lines: self
                .lines
                .iter()
                .map(|l| LineDraft {
                    item: l.item.clone(),
                    quantity: l.quantity.to_string(),
                    unit_price: amount_input(l.unit_price, currency),
                    product_id: l.product_id.clone(),
                })
                .collect(),
            total: amount_input(self.total, currency),
            paid,
            note: self.note.clone(),
            order: self.order,
        }
    }
}

/// What the "record a payment" form holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PaymentDraft {
    pub date: String,
    pub time: String,
    pub amount: String,
    pub note: String,
    pub purchase_id: Option<String>,
}

impl PaymentDraft {
    pub fn build(
        &self,
        id: String,
        customer_id: String,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        self.read(
            Stamp::new(id, customer_id, now),
            now,
            tz_offset_minutes,
            currency,
        )
    }

    /// Applies the draft to `existing`, keeping its id, customer, creation time and tombstone.
    pub fn apply_to(
        &self,
        existing: &Payment,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        self.read(Stamp::kept(existing, now), now, tz_offset_minutes, currency)
    }

    fn read(
        &self,
        stamp: Stamp,
        now: Millis,
        tz_offset_minutes: i32,
        currency: Currency,
    ) -> Result<Payment, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let at = form.when(&self.date, &self.time, Defaults::Happened);
        let amount = match form.amount(EventField::Amount, &self.amount, currency) {
            Some(a) if a <= 0 => {
                form.error(EventField::Amount, EventProblem::AmountNotPositive);
                0
            }
            Some(a) => a,
            None => 0,
        };
        let note = form.text(EventField::Notes, &self.note, MAX_TEXT);
        let purchase_id = self.purchase_id.clone().filter(|p| !p.is_empty());
        form.finish(stamped!(
            stamp,
            Payment {
                at,
                amount,
                note,
                purchase_id,
            }
        ))
    }
}

impl Payment {
    pub fn to_draft(&self, tz_offset_minutes: i32, currency: Currency) -> PaymentDraft {
        PaymentDraft {
            date: date_input(self.at, tz_offset_minutes),
            time: time_input(self.at, tz_offset_minutes),
            amount: amount_input(self.amount, currency),
            note: self.note.clone(),
            purchase_id: self.purchase_id.clone(),
        }
    }
}
