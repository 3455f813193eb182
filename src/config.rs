//! Configuration: every environment variable, read once into one typed struct and validated at start.
//!
//! Development defaults let `cargo run` work with nothing set. With `FORPREV_ENV=production` a
//! missing secret is a start-up error, never a silent default.

use chrono::Duration;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Where a reverse proxy in front of the service writes the client's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyHeader {
    /// No proxy, or its headers are not believed: the client is the peer.
    Off,
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…`.
    Forwarded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Where the data lives, chosen strictly from the URL scheme: a typo never creates a stray database.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl fmt::Debug for DatabaseUrl {
    /// Never prints a PostgreSQL password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => {
                let host = url.rsplit('@').next().unwrap_or("…");
                write!(f, "postgres://…@{}", host.split('?').next().unwrap_or(host))
            }
        }
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://forprev.db".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            Err("must start with sqlite:// or postgres://".into())
        }
    }
}

/// A secret value whose `Debug` never shows it.
#[derive(Clone)]
pub struct Secret(pub Vec<u8>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub bind_addr: SocketAddr,
    pub database_url: DatabaseUrl,
    pub database_pool_size: u32,
    /// HS256 key of the access tokens.
    pub jwt_secret: Secret,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Ed25519 private key (PEM) that signs certificate tokens; in development one is generated.
    pub cert_signing_key: Option<Secret>,
    /// Whether this instance runs the scheduled jobs (`off` on extra instances).
    pub scheduler: bool,
    /// How often the scheduler runs the jobs.
    pub scheduler_interval: std::time::Duration,
    /// `smtp://host:port` (plain, or STARTTLS when the server offers it) or `smtps://host:port`;
    /// unset: messages are written to the log instead of sent.
    pub smtp_url: Option<String>,
    /// The sender of e-mails.
    pub mail_from: String,
    /// Where the web app lives, for links in e-mails.
    pub public_url: String,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Which header the reverse proxy writes the client address in, if any.
    pub trust_proxy_headers: ProxyHeader,
    /// The proxies whose headers are believed (their networks).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where the Prometheus metrics are served; none: not served.
    pub metrics_addr: Option<SocketAddr>,
    /// Browser origins allowed to call the API (CORS); none by default.
    pub cors_allowed_origins: Vec<String>,
    /// Webhooks may point at loopback (tests and local tools; refused in production).
    pub webhook_allow_loopback: bool,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn invalid(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

const MIN_SECRET_BYTES: usize = 32;

/// The settings, as `forprev --help` lists them (README.md's table says more).
pub const HELP: &str = "\
Settings (environment variables; development needs none):
  DATABASE_URL                sqlite://PATH (default sqlite://forprev.db) or postgres://…[?sslmode=verify-full&sslrootcert=CA]
  BIND_ADDR                   where the API listens (default 127.0.0.1:8080)
  FORPREV_ENV                 development (default) or production (requires the two secrets)
  JWT_SECRET                  access-token secret, at least 32 bytes
  CERT_SIGNING_KEY            Ed25519 private key (PEM) signing certificates
  ACCESS_TOKEN_TTL_SECONDS    access-token lifetime (default 900)
  REFRESH_TOKEN_TTL_DAYS      refresh-token lifetime (default 30)
  DATABASE_POOL_SIZE          connections per instance (default 10)
  SCHEDULER                   on (default) or off: run the purge and delivery jobs in the server
  SCHEDULER_INTERVAL_SECONDS  how often they run (default 60)
  SMTP_URL                    smtp://host:25 or smtps://user:password@host:465 (unset: e-mails are logged)
  MAIL_FROM                   sender of e-mails (default Forprev <noreply@forprev.fr>)
  PUBLIC_URL                  the web app's address, for links in e-mails
  TRUST_PROXY_HEADERS         off (default), x-forwarded-for or forwarded: where the proxy writes the client
  TRUSTED_PROXIES             the proxies believed (default 127.0.0.0/8,::1)
  CORS_ALLOWED_ORIGINS        web app origins allowed from a browser, comma-separated (default none)
  METRICS_ADDR                where Prometheus metrics are served (default 127.0.0.1:9464; off)
  WEBHOOK_ALLOW_LOOPBACK      on lets webhooks reach loopback, for tests (refused in production)
  RUST_LOG                    log filter (default info)
  LOG_FORMAT                  text (default) or json";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    }

    /// Reads the variables through `lookup`, so tests can pass their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let environment = match lookup("FORPREV_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(invalid(
                    "FORPREV_ENV",
                    format!("`{other}` is neither development nor production"),
                ));
            }
        };
        let production = environment == Environment::Production;

        let bind_addr = socket_address(lookup("BIND_ADDR").as_deref().unwrap_or("127.0.0.1:8080"))
            .map_err(|message| invalid("BIND_ADDR", message))?;

        let database_url = DatabaseUrl::parse(
            &lookup("DATABASE_URL").unwrap_or_else(|| "sqlite://forprev.db".into()),
        )
        .map_err(|message| invalid("DATABASE_URL", message))?;

        let jwt_secret = match lookup("JWT_SECRET") {
            Some(secret) if secret.len() >= MIN_SECRET_BYTES => Secret(secret.into_bytes()),
            Some(_) => {
                return Err(invalid(
                    "JWT_SECRET",
                    format!("must be at least {MIN_SECRET_BYTES} bytes long"),
                ));
            }
            None if production => return Err(invalid("JWT_SECRET", "is required in production")),
            None => Secret(random_bytes()),
        };

        let cert_signing_key = match lookup("CERT_SIGNING_KEY") {
            Some(pem) => {
                jsonwebtoken::EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|_| {
                    invalid(
                        "CERT_SIGNING_KEY",
                        "must be an Ed25519 private key in PEM form",
                    )
                })?;
                Some(Secret(pem.into_bytes()))
            }
            None if production => {
                return Err(invalid("CERT_SIGNING_KEY", "is required in production"));
            }
            None => None,
        };

        let smtp_url = lookup("SMTP_URL");
        if let Some(url) = &smtp_url {
            lettre::SmtpTransport::from_url(url).map_err(|_| {
                invalid(
                    "SMTP_URL",
                    "expected smtp://host:port or smtps://user:password@host:port",
                )
            })?;
        }
        let mail_from =
            lookup("MAIL_FROM").unwrap_or_else(|| "Forprev <noreply@forprev.fr>".into());
        mail_from.parse::<lettre::message::Mailbox>().map_err(|_| {
            invalid(
                "MAIL_FROM",
                "expected an address, e.g. Forprev <noreply@forprev.fr>",
            )
        })?;

        let log_filter = lookup("RUST_LOG").unwrap_or_else(|| "info".into());
        tracing_subscriber::EnvFilter::try_new(&log_filter)
            .map_err(|error| invalid("RUST_LOG", error.to_string()))?;

        Ok(Config {
            environment,
            bind_addr,
            database_url,
            database_pool_size: number(&lookup, "DATABASE_POOL_SIZE", 10, 1..=200)?,
            jwt_secret,
            access_token_ttl: Duration::seconds(number(
                &lookup,
                "ACCESS_TOKEN_TTL_SECONDS",
                900,
                30..=3600,
            )?),
            refresh_token_ttl: Duration::days(number(
                &lookup,
                "REFRESH_TOKEN_TTL_DAYS",
                30,
                1..=365,
            )?),
            cert_signing_key,
            scheduler: switch(&lookup, "SCHEDULER", true)?,
            scheduler_interval: std::time::Duration::from_secs(number(
                &lookup,
                "SCHEDULER_INTERVAL_SECONDS",
                60,
                1..=86_400,
            )?),
            smtp_url,
            mail_from,
            public_url: lookup("PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:8080".into()),
            log_filter,
            log_format: match lookup("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(_) => return Err(invalid("LOG_FORMAT", "expected text or json")),
            },
            trust_proxy_headers: match lookup("TRUST_PROXY_HEADERS").as_deref() {
                None | Some("off") => ProxyHeader::Off,
                Some("on" | "x-forwarded-for") => ProxyHeader::XForwardedFor,
                Some("forwarded") => ProxyHeader::Forwarded,
                Some(_) => {
                    return Err(invalid(
                        "TRUST_PROXY_HEADERS",
                        "expected off, x-forwarded-for (or on) or forwarded",
                    ));
                }
            },
            trusted_proxies: networks(
                &lookup("TRUSTED_PROXIES").unwrap_or_else(|| "127.0.0.0/8,::1".into()),
            )
            .map_err(|message| invalid("TRUSTED_PROXIES", message))?,
            metrics_addr: match lookup("METRICS_ADDR").as_deref() {
                Some("off") => None,
                other => Some(
                    socket_address(other.unwrap_or("127.0.0.1:9464"))
                        .map_err(|message| invalid("METRICS_ADDR", message))?,
                ),
            },
            cors_allowed_origins: lookup("CORS_ALLOWED_ORIGINS")
                .unwrap_or_default()
                .split(',')
                .map(|origin| origin.trim().trim_end_matches('/').to_owned())
                .filter(|origin| !origin.is_empty())
                .map(|origin| {
                    if origin.starts_with("https://") || origin.starts_with("http://") {
                        Ok(origin)
                    } else {
                        Err(invalid(
                            "CORS_ALLOWED_ORIGINS",
                            format!("`{origin}` is not an origin such as https://app.forprev.fr"),
                        ))
                    }
                })
                .collect::<Result<_, _>>()?,
            webhook_allow_loopback: match switch(&lookup, "WEBHOOK_ALLOW_LOOPBACK", false)? {
                true if production => {
                    return Err(invalid(
                        "WEBHOOK_ALLOW_LOOPBACK",
                        "is refused in production: webhooks reach public addresses only",
                    ));
                }
                allowed => allowed,
            },
        })
    }

    /// A development configuration on the given database, for tests and tools.
    #[allow(clippy::expect_used)] // an invariant, said in the message
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        let mut config = Self::from_lookup(|_| None).expect("the development defaults are valid");
        config.database_url = database_url;
        config
    }
}

fn number<T>(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
{
    let Some(raw) = lookup(variable) else {
        return Ok(default);
    };
    match raw.parse::<T>() {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err(invalid(
            variable,
            format!(
                "expected a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        )),
    }
}

fn switch(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match lookup(variable).as_deref() {
        None => Ok(default),
        Some("on" | "true" | "1") => Ok(true),
        Some("off" | "false" | "0") => Ok(false),
        Some(_) => Err(invalid(variable, "expected on or off")),
    }
}

/// `HOST:PORT`, the host an address or a name (`localhost:8080`), resolved now.
fn socket_address(text: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    let expected =
        || format!("`{text}`: expected HOST:PORT, e.g. 127.0.0.1:8080 or localhost:8080");
    if let Ok(address) = text.parse() {
        return Ok(address);
    }
    if !text.contains(':') {
        return Err(expected());
    }
    text.to_socket_addrs()
        .map_err(|_| expected())?
        .next()
        .ok_or_else(expected)
}

/// A comma-separated list of networks (`10.0.0.0/8`) or addresses (`10.1.2.3`).
fn networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("`{item}` is neither a network (10.0.0.0/8) nor an address"))
        })
        .collect()
}

#[allow(clippy::expect_used)] // an invariant, said in the message
fn random_bytes() -> Vec<u8> {
    let mut bytes = vec![0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    /// Every variable the configuration reads is in `forprev --help`, the README's table and
    /// `.env.example`.
    #[test]
    fn every_setting_is_documented() {
        let read = std::cell::RefCell::new(Vec::new());
        Config::from_lookup(|name| {
            read.borrow_mut().push(name.to_owned());
            None
        })
        .unwrap();
        let read = read.into_inner();
        assert!(read.len() > 15, "{read:?}");
        let readme = include_str!("../README.md");
        let example = include_str!("../.env.example");
        for name in read {
            assert!(HELP.contains(&format!("  {name} ")), "{name} not in --help");
            assert!(
                readme.contains(&format!("| `{name}` |")),
                "{name} not in README"
            );
            assert!(
                example.contains(&format!("\n{name}=")),
                "{name} not in .env.example"
            );
        }
    }

    #[test]
    fn development_defaults_need_nothing() {
        let config = config(&[]).unwrap();
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(
            config.database_url,
            DatabaseUrl::Sqlite("forprev.db".into())
        );
        assert_eq!(config.access_token_ttl, Duration::minutes(15));
        assert_eq!(config.jwt_secret.0.len(), 32);
        assert!(config.scheduler);
    }

    #[test]
    fn production_refuses_missing_secrets() {
        let error = config(&[("FORPREV_ENV", "production")]).unwrap_err();
        assert_eq!(error.variable, "JWT_SECRET");
        let secret = "x".repeat(40);
        let error = config(&[("FORPREV_ENV", "production"), ("JWT_SECRET", &secret)]).unwrap_err();
        assert_eq!(error.variable, "CERT_SIGNING_KEY");
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHHqdZRxXQmUC0IfJLpaRUF6cq0k2uc6YLRK0bXUrLHZ\n-----END PRIVATE KEY-----\n";
        let error = config(&[
            ("FORPREV_ENV", "production"),
            ("JWT_SECRET", &secret),
            ("CERT_SIGNING_KEY", pem),
            ("WEBHOOK_ALLOW_LOOPBACK", "on"),
        ])
        .unwrap_err();
        assert_eq!(error.variable, "WEBHOOK_ALLOW_LOOPBACK");
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (variable, value) in [
            ("FORPREV_ENV", "prod"),
            ("BIND_ADDR", "localhost"),
            ("METRICS_ADDR", "nowhere"),
            ("CORS_ALLOWED_ORIGINS", "app.forprev.fr"),
            ("DATABASE_URL", "mysql://x"),
            ("DATABASE_URL", "forprev.db"),
            ("JWT_SECRET", "short"),
            ("CERT_SIGNING_KEY", "not a pem"),
            ("SCHEDULER", "maybe"),
            ("ACCESS_TOKEN_TTL_SECONDS", "0"),
            ("REFRESH_TOKEN_TTL_DAYS", "ten"),
            ("RUST_LOG", "info,=x=y"),
            ("LOG_FORMAT", "xml"),
            ("WEBHOOK_ALLOW_LOOPBACK", "yes"),
            ("TRUST_PROXY_HEADERS", "yes"),
            ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ] {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
        }
    }

    #[test]
    fn bind_addresses_take_host_names() {
        let config = config(&[("BIND_ADDR", "localhost:8081"), ("METRICS_ADDR", "off")]).unwrap();
        assert_eq!(config.bind_addr.port(), 8081);
        assert!(config.bind_addr.ip().is_loopback());
        assert_eq!(config.metrics_addr, None);
    }

    #[test]
    fn postgres_url_is_not_printed_with_its_password() {
        let url = DatabaseUrl::parse("postgres://u:hunter2@db:5432/forprev").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}
