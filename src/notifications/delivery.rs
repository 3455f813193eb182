//! Sending what the outbox holds: e-mails by SMTP (or to the log when no SMTP server is
//! configured) and webhook calls, signed with HMAC-SHA256 of the API client's secret.
//!
//! A webhook call goes to public addresses only: the name is resolved, every address it gives is
//! checked, and the connection is made to the addresses that were checked (a second lookup could
//! give others). Redirects are not followed. A failure is told as a category (`Failure`), never
//! as the socket's own error, which would map the network for whoever reads it.

use crate::config::Config;
use crate::domain::webhook_target;
use crate::store::outbox::{Attachment, MessageRecord};
use hmac::{Hmac, Mac};
use lettre::message::header::ContentType;
use lettre::message::{self, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use sha2::Sha256;
use std::time::Duration;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// The header carrying a webhook call's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>">`, keyed by the API client's webhook secret.
pub const SIGNATURE_HEADER: &str = "X-Forprev-Signature";

/// How long a webhook call may take, connection included.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a message was not delivered, as it may be shown to the entity's managers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The webhook's host is (or now resolves to) an address that is not public.
    NotPublicAddress,
    /// No answer in time.
    Timeout,
    /// The host could not be reached (unknown name, connection refused or reset, TLS failure).
    Unreachable,
    /// The endpoint answered, with a status other than 2xx (redirects included).
    HttpStatus(u16),
    /// The SMTP server refused the message for good (a 5xx reply).
    MailRefused,
    /// The SMTP server could not take it now.
    MailUnavailable,
    /// The message cannot be sent as it is (bad recipient, unknown channel, no webhook any more).
    Undeliverable,
}

impl Failure {
    /// The category, as stored and listed (`http_status_502`, `timeout`, …).
    pub fn describe(&self) -> String {
        match self {
            Failure::NotPublicAddress => "not_public_address".into(),
            Failure::Timeout => "timeout".into(),
            Failure::Unreachable => "unreachable".into(),
            Failure::HttpStatus(status) => format!("http_status_{status}"),
            Failure::MailRefused => "mail_refused".into(),
            Failure::MailUnavailable => "mail_unavailable".into(),
            Failure::Undeliverable => "undeliverable".into(),
        }
    }

    /// Whether trying again later may help.
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            Failure::NotPublicAddress | Failure::MailRefused | Failure::Undeliverable
        )
    }
}

pub struct Senders {
    smtp: Option<SmtpTransport>,
    from: Mailbox,
    http: ureq::Agent,
}

impl Senders {
    pub fn new(config: &Config) -> Result<Self, String> {
        let smtp = match &config.smtp_url {
            Some(url) => Some(
                SmtpTransport::from_url(url)
                    .map_err(|error| format!("SMTP_URL: {error}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
            None => None,
        };
        let from = config
            .mail_from
            .parse()
            .map_err(|error| format!("MAIL_FROM: {error}"))?;
        let http_config = ureq::Agent::config_builder()
            .timeout_global(Some(WEBHOOK_TIMEOUT))
            .http_status_as_error(true)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .proxy(None)
            .build();
        let resolver = PublicOnly {
            allow_loopback: config.webhook_allow_loopback,
        };
        let http = ureq::Agent::with_parts(http_config, DefaultConnector::default(), resolver);
        Ok(Senders { smtp, from, http })
    }

    /// Sends the e-mail, with its `attachments` after the text when it has any.
    pub fn email(
        &self,
        message: &MessageRecord,
        attachments: Vec<Attachment>,
    ) -> Result<(), Failure> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|_| Failure::Undeliverable)?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone().unwrap_or_default());
        let email = if attachments.is_empty() {
            builder.body(message.body.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(message.body.clone()));
            for attachment in attachments {
                let content_type = ContentType::parse(&attachment.content_type)
                    .map_err(|_| Failure::Undeliverable)?;
                parts = parts.singlepart(
                    message::Attachment::new(attachment.file_name)
                        .body(attachment.content, content_type),
                );
            }
            builder.multipart(parts)
        }
        .map_err(|_| Failure::Undeliverable)?;
        match &self.smtp {
            Some(smtp) => smtp.send(&email).map(drop).map_err(|error| {
                // The server's reply may quote the address: only its kind is kept.
                if error.is_permanent() {
                    Failure::MailRefused
                } else {
                    Failure::MailUnavailable
                }
            }),
            None => {
                tracing::info!(
                    id = %message.id,
                    topic = %message.topic,
                    "e-mail (SMTP_URL unset: logged, not sent)"
                );
                Ok(())
            }
        }
    }

    /// Posts the event to `url`, signed with `secret`; `unix_time` is when the call is made.
    pub fn webhook(
        &self,
        message: &MessageRecord,
        (url, secret): (&str, &str),
        unix_time: i64,
    ) -> Result<(), Failure> {
        self.http
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Forprev-Event", &message.topic)
            .header("X-Forprev-Delivery", &message.id)
            .header(
                SIGNATURE_HEADER,
                &signature(secret, unix_time, &message.body),
            )
            .send(&message.body)
            .map_err(|error| match error {
                ureq::Error::StatusCode(status) => Failure::HttpStatus(status),
                ureq::Error::Timeout(_) => Failure::Timeout,
                ureq::Error::Other(other) if other.is::<NotPublic>() => Failure::NotPublicAddress,
                ureq::Error::BadUri(_) => Failure::Undeliverable,
                _ => Failure::Unreachable,
            })
            .and_then(|response| {
                let status = response.status().as_u16();
                // A redirect is not followed: it is not a delivery.
                if (200..300).contains(&status) {
                    Ok(())
                } else {
                    Err(Failure::HttpStatus(status))
                }
            })
    }
}

/// `t=<unix_time>,v1=<hex HMAC-SHA256(secret, "<unix_time>.<body>")>`.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn signature(secret: &str, unix_time: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{unix_time}.{body}").as_bytes());
    format!(
        "t={unix_time},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Resolves as usual, then refuses the call unless every address is allowed; the connection is
/// made to the addresses returned here.
#[derive(Debug)]
struct PublicOnly {
    allow_loopback: bool,
}

#[derive(Debug)]
struct NotPublic;

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the webhook's host resolves to an address that is not public")
    }
}

impl std::error::Error for NotPublic {}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addresses = DefaultResolver::default().resolve(uri, config, timeout)?;
        if addresses
            .iter()
            .all(|address| webhook_target::address_allowed(address.ip(), self.allow_loopback))
        {
            Ok(addresses)
        } else {
            Err(ureq::Error::Other(Box::new(NotPublic)))
        }
    }
}
