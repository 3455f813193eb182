//! Integration tests through the real App and a real database (SQLite by default, PostgreSQL with
//! `TEST_DATABASE_URL`). One binary, one module per resource or concern.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benchmarks fail loudly

mod common;

mod access_tokens;
mod api_clients;
mod architecture;
mod certificates;
mod concurrency;
mod create_admin;
mod dashboard;
mod database;
mod directory;
mod documents;
mod entities;
mod errors;
mod habilitation_requests;
mod habilitations;
mod health;
mod idempotency;
mod import;
mod login;
mod me;
mod members;
mod migrations;
mod notifications;
mod openapi;
mod operations;
mod password_reset;
mod purge;
mod refresh;
mod registrations;
mod request_errors;
mod roles;
mod seed_demo;
mod session_workflow;
mod sessions;
mod statistics;
mod trainee_import;
mod trainees;
mod trainers;
mod user_merge;
mod users;
mod webhooks;
