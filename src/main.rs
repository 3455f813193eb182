//! The `forprev` command: the server and its operator tasks.

use clap::{Parser, Subcommand};
use forprev::cli;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "forprev",
    version,
    about = "The Forprev API server and its operator tasks",
    after_help = forprev::config::HELP
)]
struct Command {
    #[command(subcommand)]
    task: Option<Task>,
}

#[derive(Subcommand)]
enum Task {
    /// Run the HTTP server (the default); applies pending migrations first.
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Write the OpenAPI document (default `openapi/openapi.json`; `-` for standard output).
    Openapi {
        #[arg(default_value = "openapi/openapi.json")]
        output: PathBuf,
    },
    /// Write the catalogue of error codes (default `docs/errors.md`; `-` for standard output).
    Errors {
        #[arg(default_value = "docs/errors.md")]
        output: PathBuf,
    },
    /// Create a national admin. The password comes from FORPREV_ADMIN_PASSWORD or standard input,
    /// never from an argument.
    CreateAdmin(cli::create_admin::Args),
    /// Import the previous tool's CSV files from DIR: entities.csv, users.csv,
    /// habilitations.csv, grants.csv, trainer_certificates.csv (UTF-8, a header line naming the
    /// columns; README.md lists them). Each line is checked, then imported, found already there,
    /// or rejected with its line number; safe to run twice.
    Import { dir: PathBuf },
    /// Fill an empty development database with a small demo world and print its logins
    /// (password from FORPREV_DEMO_PASSWORD, or demo-forprev-2026).
    SeedDemo,
    /// Delete what is past its retention once (sessions 15 days after closure or cancellation,
    /// dead refresh tokens, abandoned registrations, old sent messages), then exit.
    Purge,
    /// Send what the outbox holds once (e-mails, webhook calls) and queue the habilitation
    /// renewal alerts, then exit.
    Deliver,
}

fn main() -> ExitCode {
    let command = Command::parse();
    let result = match command.task.unwrap_or(Task::Serve) {
        Task::Serve => cli::serve::run(),
        Task::Migrate => cli::migrate::run(),
        Task::Openapi { output } => cli::openapi::run(&output),
        Task::Errors { output } => cli::openapi::errors(&output),
        Task::CreateAdmin(args) => cli::create_admin::run(args),
        Task::Import { dir } => cli::import::run(&dir),
        Task::SeedDemo => cli::seed_demo::run(),
        Task::Purge => cli::jobs::purge(),
        Task::Deliver => cli::jobs::deliver(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("forprev: {error}");
            ExitCode::FAILURE
        }
    }
}
