//! Team sync through CouchDB's replication protocol: setting up the connection to the shop's server.

pub mod setup;
