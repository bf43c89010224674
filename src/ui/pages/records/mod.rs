//! Pages about customers and their history: the list, one customer, the customer form, the event
//! forms, contact actions, Who owes me, the deals board and the backup reminder.

pub(crate) mod contact;
pub(crate) mod customer;
pub(crate) mod customers;
pub(crate) mod dunning;
pub(crate) mod dunning_control;
pub(crate) mod events;
pub(crate) mod form;
pub(crate) mod owes;
pub(crate) mod pipeline;
pub(crate) mod reminder;
