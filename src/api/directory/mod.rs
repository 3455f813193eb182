//! The public directory of habilitated entities: `PUT /api/v1/entities/{id}/directory-listing`
//! to opt in or out, `GET /api/v1/public/directory` for everyone.

pub mod listing;
pub mod search;
