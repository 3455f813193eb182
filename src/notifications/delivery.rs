//! Sending what the outbox holds: e-mails by SMTP (or to the log when no SMTP server is
//! configured) and webhook calls, signed with HMAC-SHA256 of the API client's secret.

use crate::config::Config;
use crate::store::outbox::MessageRecord;
use hmac::{Hmac, Mac};
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};
use sha2::Sha256;
use std::time::Duration;

/// The header carrying a webhook call's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>">`, keyed by the API client's webhook secret.
pub const SIGNATURE_HEADER: &str = "X-Forprev-Signature";

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
        let http = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(true)
            .build()
            .new_agent();
        Ok(Senders { smtp, from, http })
    }

    pub fn email(&self, message: &MessageRecord) -> Result<(), String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|error| format!("recipient: {error}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone().unwrap_or_default())
            .body(message.body.clone())
            .map_err(|error| error.to_string())?;
        match &self.smtp {
            Some(smtp) => smtp
                .send(&email)
                .map(|_| ())
                .map_err(|error| error.to_string()),
            None => {
                tracing::info!(
                    to = %message.recipient,
                    subject = message.subject.as_deref().unwrap_or_default(),
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
    ) -> Result<(), String> {
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
            .map(|_| ())
            .map_err(|error| error.to_string())
    }
}

/// `t=<unix_time>,v1=<hex HMAC-SHA256(secret, "<unix_time>.<body>")>`.
pub fn signature(secret: &str, unix_time: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{unix_time}.{body}").as_bytes());
    format!(
        "t={unix_time},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}
