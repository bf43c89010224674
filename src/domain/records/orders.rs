//! Orders: a purchase still to be made or delivered ([`Order`] on a [`Purchase`]).
//!
//! Rules:
//! - an order moves forward one step at a time, `New → Confirmed → Ready → Delivered`, or is
//!   cancelled from any state before `Delivered` ([`OrderStatus::can_move_to`]); delivered and
//!   cancelled are final;
//! - a cancelled order counts as nothing: not in what is owed, spent or sold, not in stock and
//!   not in loyalty ([`Purchase::counts`]);
//! - "to deliver today" is an open order due before the end of today on the phone's clock (a
//!   late one stays there until it moves on); "tomorrow" is one due during tomorrow.

use crate::domain::basics::time::Millis;
use crate::domain::records::entry::{
    date_input, local_date, time_input, Defaults, EventError, EventField, EventProblem, Form,
};
use crate::domain::records::purchases::{Order, OrderStatus, Purchase};

impl OrderStatus {
    /// The one step forward, `None` once delivered or cancelled.
    pub fn next(self) -> Option<OrderStatus> {
        match self {
            OrderStatus::New => Some(OrderStatus::Confirmed),
            OrderStatus::Confirmed => Some(OrderStatus::Ready),
            OrderStatus::Ready => Some(OrderStatus::Delivered),
            OrderStatus::Delivered | OrderStatus::Cancelled => None,
        }
    }

    /// Whether an order in this state may move to `to`: one step forward, or cancelled before
    /// it was delivered.
    pub fn can_move_to(self, to: OrderStatus) -> bool {
        self.next() == Some(to) || (to == OrderStatus::Cancelled && self.is_open())
    }

    /// The code written in records and routes (`new`, `confirmed`…).
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Ready => "ready",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why a status change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderMoveError {
    /// The purchase is not an order.
    NotAnOrder,
    /// Not one step forward, nor a cancel before delivery.
    NotAllowed { from: OrderStatus, to: OrderStatus },
}

/// `p` with its order moved to `to` at `now` (its `updated_at` moves on; nothing else changes).
pub fn move_order(p: &Purchase, to: OrderStatus, now: Millis) -> Result<Purchase, OrderMoveError> {
    let order = p.order.ok_or(OrderMoveError::NotAnOrder)?;
    if !order.status.can_move_to(to) {
        return Err(OrderMoveError::NotAllowed {
            from: order.status,
            to,
        });
    }
    let mut out = p.clone();
    out.order = Some(Order {
        status: to,
        ..order
    });
    out.updated_at = now.max(p.updated_at);
    Ok(out)
}

/// The order part of the purchase form: when it is due, as `<input type="date">` and
/// `<input type="time">` give it. The day is required; no time means 09:00.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OrderDraft {
    pub date: String,
    pub time: String,
}

impl OrderDraft {
    /// The order with `status` due when the draft says, or the problems with the due date and
    /// time ([`EventField::DueDate`], [`EventField::DueTime`]).
    pub fn build(
        &self,
        status: OrderStatus,
        now: Millis,
        tz_offset_minutes: i32,
    ) -> Result<Order, Vec<EventError>> {
        let mut form = Form::new(now, tz_offset_minutes);
        let due_at = form.when(&self.date, &self.time, Defaults::Due);
        form.finish(Order { status, due_at }).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| EventError {
                    field: match e.field {
                        EventField::Time => EventField::DueTime,
                        _ => EventField::DueDate,
                    },
                    problem: match e.problem {
                        EventProblem::FollowUpDayMissing => EventProblem::OrderDueMissing,
                        p => p,
                    },
                })
                .collect()
        })
    }
}

impl Order {
    pub fn to_draft(&self, tz_offset_minutes: i32) -> OrderDraft {
        OrderDraft {
            date: date_input(self.due_at, tz_offset_minutes),
            time: time_input(self.due_at, tz_offset_minutes),
        }
    }
}

/// Open orders to deliver, by day on the phone's clock, each list by due time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deliveries<'a> {
    /// Due today or earlier and still open.
    pub today: Vec<&'a Purchase>,
    /// Due tomorrow.
    pub tomorrow: Vec<&'a Purchase>,
}

/// The open orders (not in the Trash) to deliver today (or late) and tomorrow.
pub fn deliveries(purchases: &[Purchase], now: Millis, tz_offset_minutes: i32) -> Deliveries<'_> {
    let today = local_date(now, tz_offset_minutes);
    let mut out = Deliveries::default();
    for p in purchases.iter().filter(|p| p.deleted_at.is_none()) {
        let Some(o) = p.order.filter(|o| o.status.is_open()) else {
            continue;
        };
        let day = local_date(o.due_at, tz_offset_minutes);
        if day <= today {
            out.today.push(p);
        } else if today.succ_opt() == Some(day) {
            out.tomorrow.push(p);
        }
    }
    sort_by_due(&mut out.today);
    sort_by_due(&mut out.tomorrow);
    out
}

/// The orders (not in the Trash) with `status` (any when `None`): open ones soonest due first,
/// then delivered and cancelled ones latest due first.
pub fn orders_with(purchases: &[Purchase], status: Option<OrderStatus>) -> Vec<&Purchase> {
    let mut out: Vec<&Purchase> = purchases
        .iter()
        .filter(|p| p.deleted_at.is_none())
        .filter(|p| {
            p.order
                .is_some_and(|o| status.is_none_or(|s| s == o.status))
        })
        .collect();
    crate::domain::basics::sort::by(&mut out, |a, b| {
        let (oa, ob) = (a.order.map(key), b.order.map(key));
        oa.cmp(&ob).then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Open first by due time, then closed by due time from the latest.
fn key(o: Order) -> (bool, Millis) {
    if o.status.is_open() {
        (false, o.due_at)
    } else {
        (true, o.due_at.wrapping_neg())
    }
}

fn sort_by_due(list: &mut [&Purchase]) {
    crate::domain::basics::sort::by(list, |a, b| {
        let due = |p: &Purchase| p.order.map_or(0, |o| o.due_at);
        due(a).cmp(&due(b)).then_with(|| a.id.cmp(&b.id))
    });
}
