//! The use cases, between `api/` and `store/`: each step of a workflow is one function that
//! takes the caller's access, its input and the clock, runs the rules of `domain/`, the queries
//! of `store/` and the side effects (certificates, accounts, outbox) in one transaction, and
//! returns records, not HTTP views. A handler parses, calls one, and maps the answer.

pub mod certificates;
pub mod requests;
pub mod sessions;
pub mod trainees;
