//! `POST /api/v1/registrations`: a training body applying for its first habilitation creates its
//! entity and a provisional account, with no token.

pub mod create;
