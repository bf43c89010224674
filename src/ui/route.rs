//! Hash routes (`#/customers/ID`), so the app works on any static host without rewrite rules.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    Customers,
    NewCustomer {
        name: String,
    },
    Customer(String),
    EditCustomer(String),
    /// A new event for a customer: `what` is a store name ("interactions", "purchases", "payments",
    /// "tasks", "cases"); `preset` is an optional hint such as the interaction kind.
    NewEvent {
        customer: String,
        what: String,
        preset: String,
    },
    EditEvent {
        customer: String,
        store: String,
        id: String,
    },
    Owes,
    Reports,
    More,
    Settings,
    Trash,
    Backup,
    Import,
    Duplicates,
    // Analytics: deals board, saved segments (an id, or "new").
    Pipeline,
    Segments,
    Segment(String),
    /// Message templates.
    Templates,
    /// One template by id, or "new".
    Template(String),
    Campaigns,
    /// One campaign by id, or "new".
    Campaign(String),
    /// Team sync's setup (Settings → Team sync).
    Sync,
    /// A purchase's receipt as an image.
    Receipt {
        customer: String,
        purchase: String,
    },
    /// A customer's statement of account as an image.
    Statement(String),
    /// Settings → "How customers pay you".
    PayMethods,
    /// The catalogue to share (issue 16).
    Catalogue,
    /// More → Products (issue 16).
    Products,
    /// One product by id, or "new".
    Product(String),
    /// The orders, filtered by status (issue 16).
    Orders,
    /// Settings → Loyalty.
    LoyaltySettings,
    /// A customer's loyalty card as an image.
    LoyaltyCard(String),
    NotFound,
}

/// Which bottom tab a route belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Today,
    Customers,
    Reports,
    More,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] | ["today"] => Route::Today,
            ["customers"] => Route::Customers,
            ["customers", "new"] => Route::NewCustomer {
                name: query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("name="))
                    .map(decode)
                    .unwrap_or_default(),
            },
            ["customers", id] => Route::Customer(decode(id)),
            ["customers", id, "edit"] => Route::EditCustomer(decode(id)),
            ["customers", id, "statement"] => Route::Statement(decode(id)),
            ["customers", id, "loyalty"] => Route::LoyaltyCard(decode(id)),
            ["customers", id, "receipt", pid] => Route::Receipt {
                customer: decode(id),
                purchase: decode(pid),
            },
            ["customers", id, "new", what] => Route::NewEvent {
                customer: decode(id),
                what: decode(what),
                preset: query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("preset="))
                    .map(decode)
                    .unwrap_or_default(),
            },
            ["customers", id, store, eid] => Route::EditEvent {
                customer: decode(id),
                store: decode(store),
                id: decode(eid),
            },
            ["owes"] => Route::Owes,
            ["reports"] => Route::Reports,
            ["more"] => Route::More,
            ["settings"] => Route::Settings,
            ["trash"] => Route::Trash,
            ["backup"] => Route::Backup,
            ["import"] => Route::Import,
            ["duplicates"] => Route::Duplicates,
            ["pipeline"] => Route::Pipeline,
            ["segments"] => Route::Segments,
            ["segments", id] => Route::Segment(decode(id)),
            ["templates"] => Route::Templates,
            ["templates", id] => Route::Template(decode(id)),
            ["campaigns"] => Route::Campaigns,
            ["campaigns", id] => Route::Campaign(decode(id)),
            ["sync"] => Route::Sync,
            ["settings", "pay"] => Route::PayMethods,
            ["catalogue"] => Route::Catalogue,
            ["products"] => Route::Products,
            ["products", id] => Route::Product(decode(id)),
            ["orders"] => Route::Orders,
            ["settings", "loyalty"] => Route::LoyaltySettings,
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Today => "#/".into(),
            Route::Customers => "#/customers".into(),
            Route::NewCustomer { name } if name.is_empty() => "#/customers/new".into(),
            Route::NewCustomer { name } => format!("#/customers/new?name={}", encode(name)),
            Route::Customer(id) => format!("#/customers/{}", encode(id)),
            Route::EditCustomer(id) => format!("#/customers/{}/edit", encode(id)),
            Route::NewEvent {
                customer,
                what,
                preset,
            } if preset.is_empty() => {
                format!("#/customers/{}/new/{}", encode(customer), encode(what))
            }
            Route::NewEvent {
                customer,
                what,
                preset,
            } => format!(
                "#/customers/{}/new/{}?preset={}",
                encode(customer),
                encode(what),
                encode(preset)
            ),
            Route::EditEvent {
                customer,
                store,
                id,
            } => format!(
                "#/customers/{}/{}/{}",
                encode(customer),
                encode(store),
                encode(id)
            ),
            Route::Owes => "#/owes".into(),
            Route::Reports => "#/reports".into(),
            Route::More => "#/more".into(),
            Route::Settings => "#/settings".into(),
            Route::Trash => "#/trash".into(),
            Route::Backup => "#/backup".into(),
            Route::Import => "#/import".into(),
            Route::Duplicates => "#/duplicates".into(),
            Route::Pipeline => "#/pipeline".into(),
            Route::Orders => "#/orders".into(),
            Route::LoyaltySettings => "#/settings/loyalty".into(),
            Route::LoyaltyCard(id) => format!("#/customers/{}/loyalty", encode(id)),
            Route::Segments => "#/segments".into(),
            Route::Segment(id) => format!("#/segments/{}", encode(id)),
            Route::Templates => "#/templates".into(),
            Route::Template(id) => format!("#/templates/{}", encode(id)),
            Route::Campaigns => "#/campaigns".into(),
            Route::Campaign(id) => format!("#/campaigns/{}", encode(id)),
            Route::Sync => "#/sync".into(),
            Route::Catalogue => "#/catalogue".into(),
            Route::Receipt { customer, purchase } => format!(
                "#/customers/{}/receipt/{}",
                encode(customer),
                encode(purchase)
            ),
            Route::Statement(id) => format!("#/customers/{}/statement", encode(id)),
            Route::PayMethods => "#/settings/pay".into(),
            Route::Products => "#/products".into(),
            Route::Product(id) => format!("#/products/{}", encode(id)),
            Route::NotFound => "#/".into(),
        }
    }

    pub fn tab(&self) -> Tab {
        match self {
            Route::Today | Route::NotFound => Tab::Today,
            Route::Customers
            | Route::NewCustomer { .. }
            | Route::Customer(_)
            | Route::EditCustomer(_)
            | Route::NewEvent { .. }
            | Route::EditEvent { .. }
            | Route::Receipt { .. }
            | Route::Statement(_)
            | Route::LoyaltyCard(_) => Tab::Customers,
            Route::Owes => Tab::Today,
            Route::Reports => Tab::Reports,
            Route::Pipeline | Route::Segments | Route::Segment(_) => Tab::Reports,
            Route::Duplicates => Tab::More,
            Route::Templates | Route::Template(_) | Route::Campaigns | Route::Campaign(_) => {
                Tab::More
            }
            Route::More
            | Route::Settings
            | Route::Trash
            | Route::Backup
            | Route::Import
            | Route::Sync
            | Route::PayMethods
            | Route::Orders
            | Route::LoyaltySettings => Tab::More,
            Route::Catalogue => Tab::More,
            Route::Products | Route::Product(_) => Tab::More,
        }
    }

    /// The page title, also used for the document title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Today => tr!(common.t_today),
            Route::Customers => tr!(common.t_customers),
            Route::NewCustomer { .. } => tr!(common.t_new_customer),
            Route::Customer(_) => tr!(common.t_customer),
            Route::EditCustomer(_) => tr!(common.t_edit_customer),
            Route::NewEvent { what, .. } => match what.as_str() {
                "interactions" => tr!(common.t_log_contact),
                "purchases" => tr!(common.t_new_purchase),
                "payments" => tr!(common.t_record_payment),
                "tasks" => tr!(common.t_new_follow_up),
                "cases" => tr!(common.t_new_complaint),
                "deals" => tr!(common.t_new_deal),
                _ => tr!(common.t_new_record),
            },
            Route::EditEvent { store, .. } => match store.as_str() {
                "interactions" => tr!(common.t_edit_contact),
                "purchases" => tr!(common.t_edit_purchase),
                "payments" => tr!(common.t_edit_payment),
                "tasks" => tr!(common.t_edit_follow_up),
                "cases" => tr!(common.t_complaint),
                "deals" => tr!(common.t_deal),
                _ => tr!(common.t_edit_record),
            },
            Route::Owes => tr!(common.t_owes),
            Route::Reports => tr!(common.t_reports),
            Route::More => tr!(common.t_more),
            Route::Settings => tr!(common.t_settings),
            Route::Trash => tr!(common.t_trash),
            Route::Backup => tr!(common.t_backup),
            Route::Import => tr!(common.t_import),
            Route::Duplicates => tr!(common.t_duplicates),
            Route::Pipeline => tr!(common.t_pipeline),
            Route::Segments => tr!(common.t_segments),
            Route::Segment(id) if id == "new" => tr!(common.t_new_segment),
            Route::Segment(_) => tr!(common.t_segment),
            Route::Templates => tr!(common.t_templates),
            Route::Template(id) if id == "new" => tr!(common.t_new_template),
            Route::Template(_) => tr!(common.t_edit_template),
            Route::Campaigns => tr!(common.t_campaigns),
            Route::Campaign(id) if id == "new" => tr!(common.t_new_campaign),
            Route::Campaign(_) => tr!(common.t_campaign),
            Route::Sync => tr!(sync.t_sync),
            Route::Receipt { .. } => tr!(paid.t_receipt),
            Route::Statement(_) => tr!(paid.t_statement),
            Route::PayMethods => tr!(paid.t_methods),
            Route::Catalogue => tr!(catalogue.t_catalogue),
            Route::Products => tr!(products.t_products),
            Route::Product(id) if id == "new" => tr!(products.t_new),
            Route::Product(_) => tr!(products.t_edit),
            Route::Orders => tr!(orders.t_orders),
            Route::LoyaltySettings => tr!(loyalty.title),
            Route::LoyaltyCard(_) => tr!(loyalty.card),
            Route::NotFound => tr!(common.t_not_found),
        }
    }

    /// Where the back arrow goes (None on top-level tabs).
    pub fn parent(&self) -> Option<Route> {
        match self {
            Route::NewCustomer { .. } | Route::Customer(_) => Some(Route::Customers),
            Route::EditCustomer(id)
            | Route::NewEvent { customer: id, .. }
            | Route::EditEvent { customer: id, .. }
            | Route::Receipt { customer: id, .. }
            | Route::Statement(id)
            | Route::LoyaltyCard(id) => Some(Route::Customer(id.clone())),
            Route::Owes => Some(Route::Today),
            Route::Settings | Route::Trash | Route::Backup | Route::Import => Some(Route::More),
            Route::Duplicates => Some(Route::More),
            Route::Pipeline | Route::Segments => Some(Route::Reports),
            Route::Segment(_) => Some(Route::Segments),
            Route::Templates | Route::Campaigns | Route::Orders => Some(Route::More),
            Route::Template(_) => Some(Route::Templates),
            Route::Campaign(_) => Some(Route::Campaigns),
            Route::Sync | Route::PayMethods | Route::LoyaltySettings => Some(Route::Settings),
            Route::Catalogue => Some(Route::More),
            Route::Products => Some(Route::More),
            Route::Product(_) => Some(Route::Products),
            _ => None,
        }
    }
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s)
        .map(String::from)
        .unwrap_or_else(|_| s.to_string())
}
