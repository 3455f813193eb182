//! A session's steps: the moves every step shares, and the closure, which issues certificates.

pub mod close;
pub mod editable;
pub mod moves;
pub mod plan;
pub mod results;
pub mod results_export;
pub mod steps;
