//! Lists are paginated by cursor: `?limit=&cursor=` in, `{items, next_cursor}` out. The cursor is
//! the id of the last item seen (ids are time-ordered), so pages stay stable while rows are added.

use crate::error::{AppError, AppResult, Code};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// At most this many items (1 to 200; 50 by default).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> AppResult<i64> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(_) => Err(AppError::new(
                Code::RequestInvalidQuery,
                format!("limit doit être compris entre 1 et {MAX_LIMIT}."),
            )),
        }
    }

    /// The cursor, if one was sent (`cursor=` with nothing is no cursor: the first page).
    pub fn cursor<T: FromStr>(&self) -> AppResult<Option<T>> {
        self.cursor
            .as_deref()
            .filter(|cursor| !cursor.is_empty())
            .map(|cursor| {
                cursor.parse().map_err(|_| {
                    AppError::new(Code::RequestInvalidQuery, "Curseur de pagination invalide.")
                })
            })
            .transpose()
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass it as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// `items` were fetched with `limit + 1`: the extra one only says that another page exists.
    pub fn new(mut items: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> String) -> Self {
        let limit = usize::try_from(limit).unwrap_or(0);
        let more = items.len() > limit;
        items.truncate(limit);
        let next_cursor = if more {
            items.last().map(cursor_of)
        } else {
            None
        };
        Page { items, next_cursor }
    }
}
