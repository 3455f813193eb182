//! `forprev create-admin`: bootstraps a national admin from the command line.

use super::CliResult;
use crate::auth::password;
use crate::clock::{Clock, SystemClock};
use crate::db::{self, DbConnection};
use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Grant;
use crate::domain::{email, password_policy, person_name};
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::{grants, users};
use chrono::{DateTime, Utc};
use std::io::BufRead;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new admin's Forprev number (its login), e.g. ABC12345.
    #[arg(long)]
    pub forprev_number: ForprevNumber,
    #[arg(long)]
    pub email: String,
    #[arg(long, default_value = "Administrateur")]
    pub family_name: String,
    #[arg(long, default_value = "Forprev")]
    pub given_name: String,
}

pub const PASSWORD_VARIABLE: &str = "FORPREV_ADMIN_PASSWORD";

pub fn run(args: Args) -> CliResult {
    let config = super::start()?;
    let password = match std::env::var(PASSWORD_VARIABLE) {
        Ok(password) if !password.is_empty() => password,
        _ => {
            eprintln!("Password (one line on standard input):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let pool = db::open(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let id = create(&mut conn, &args, &password, SystemClock.now())?;
    println!("admin {} created (id {id})", args.forprev_number);
    Ok(())
}

/// Creates the user and its admin grant, in one transaction.
pub fn create(
    conn: &mut DbConnection,
    args: &Args,
    password: &str,
    now: DateTime<Utc>,
) -> AppResult<UserId> {
    password_policy::check(password)
        .map_err(|detail| AppError::new(Code::UserWeakPassword, detail))?;
    let email = email::normalise(&args.email)
        .map_err(|detail| AppError::new(Code::UserInvalidEmail, detail))?;
    let family_name = person_name::normalise(&args.family_name)
        .map_err(|detail| AppError::new(Code::UserInvalidName, detail))?;
    let given_name = person_name::normalise(&args.given_name)
        .map_err(|detail| AppError::new(Code::UserInvalidName, detail))?;
    let password_hash = password::hash(password);
    conn.write_transaction(|conn| {
        if users::taken(conn, &args.forprev_number, &email)? {
            return Err(AppError::new(
                Code::UserAlreadyExists,
                "ce numéro Forprev ou cette adresse e-mail a déjà un compte",
            ));
        }
        let id = users::insert(
            conn,
            users::NewUser {
                forprev_number: &args.forprev_number,
                email: &email,
                family_name: &family_name,
                given_name: &given_name,
                password_hash: Some(&password_hash),
                provisional: false,
            },
            now,
        )?;
        grants::insert(conn, &id, &Grant::admin(), now)?;
        Ok(id)
    })
}
