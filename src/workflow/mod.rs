//! The use cases, between `api/` and `store/`: each step of a workflow is one function that
//! takes the caller's access, its input and the clock, runs the rules of `domain/`, the queries
//! of `store/` and the side effects (certificates, accounts, outbox) in one transaction, and
//! returns records, not HTTP views. A handler parses, calls one, and maps the answer.

pub mod api_clients;
pub mod certificates;
pub mod documents;
pub mod entities;
pub mod habilitations;
pub mod members;
pub mod registrations;
pub mod requests;
pub mod sessions;
pub mod statistics;
pub mod trainees;
pub mod users;
