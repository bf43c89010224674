//! Hash routes (`#/customers/ID`), so the app works on any static host without rewrite rules.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    Customers,
    NewCustomer { name: String },
    Customer(String),
    EditCustomer(String),
    Reports,
    More,
    Settings,
    Trash,
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
            ["reports"] => Route::Reports,
            ["more"] => Route::More,
            ["settings"] => Route::Settings,
            ["trash"] => Route::Trash,
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
            Route::Reports => "#/reports".into(),
            Route::More => "#/more".into(),
            Route::Settings => "#/settings".into(),
            Route::Trash => "#/trash".into(),
            Route::NotFound => "#/".into(),
        }
    }

    pub fn tab(&self) -> Tab {
        match self {
            Route::Today | Route::NotFound => Tab::Today,
            Route::Customers
            | Route::NewCustomer { .. }
            | Route::Customer(_)
            | Route::EditCustomer(_) => Tab::Customers,
            Route::Reports => Tab::Reports,
            Route::More | Route::Settings | Route::Trash => Tab::More,
        }
    }

    /// The page title, also used for the document title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Today => "Today",
            Route::Customers => "Customers",
            Route::NewCustomer { .. } => "New customer",
            Route::Customer(_) => "Customer",
            Route::EditCustomer(_) => "Edit customer",
            Route::Reports => "Reports",
            Route::More => "More",
            Route::Settings => "Settings",
            Route::Trash => "Trash",
            Route::NotFound => "Not found",
        }
    }

    /// Where the back arrow goes (None on top-level tabs).
    pub fn parent(&self) -> Option<Route> {
        match self {
            Route::NewCustomer { .. } | Route::Customer(_) => Some(Route::Customers),
            Route::EditCustomer(id) => Some(Route::Customer(id.clone())),
            Route::Settings | Route::Trash => Some(Route::More),
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
