//! Real servers on loopback for the delivery tests: a minimal SMTP server that accepts every
//! message, and a minimal HTTP server that answers webhook calls with a chosen status.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What a listener received, in order.
pub type Received<T> = Arc<Mutex<Vec<T>>>;

/// A mail as the SMTP server saw it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    /// The DATA: headers and body, as sent.
    pub data: String,
}

/// Starts an SMTP server on a free loopback port: (port, mails received).
pub fn smtp() -> (u16, Received<Mail>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received: Received<Mail> = Arc::default();
    let mails = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mails = mails.clone();
            std::thread::spawn(move || smtp_session(stream, &mails));
        }
    });
    (port, received)
}

fn smtp_session(stream: TcpStream, mails: &Received<Mail>) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut say = |line: &str| writer.write_all(format!("{line}\r\n").as_bytes());
    let _ = say("220 test SMTP");
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_uppercase();
        if command.starts_with("EHLO") || command.starts_with("HELO") {
            let _ = say("250 test");
        } else if command.starts_with("RCPT TO:") {
            to.push(
                line.trim_end()[8..]
                    .trim_matches(['<', '>', ' '])
                    .to_owned(),
            );
            let _ = say("250 OK");
        } else if command == "DATA" {
            let _ = say("354 go on");
            let mut data = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            mails.lock().unwrap().push(Mail {
                to: std::mem::take(&mut to),
                data,
            });
            let _ = say("250 queued");
        } else if command == "QUIT" {
            let _ = say("221 bye");
            return;
        } else {
            let _ = say("250 OK");
        }
    }
}

/// A request as the HTTP server saw it.
#[derive(Debug, Clone)]
pub struct Call {
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == &name.to_lowercase())
            .map(|(_, value)| value.as_str())
    }
}

/// Starts an HTTP server on a free loopback port answering every request with `status`:
/// (port, calls received).
pub fn http(status: u16) -> (u16, Received<Call>) {
    http_with(move |_| Answer::status(status))
}

/// What the HTTP listener answers.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Answer {
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            headers: Vec::new(),
        }
    }
}

/// Starts an HTTP server on a free loopback port that records each call, then answers what
/// `answer` says (it may take its time: each connection has its own thread): (port, calls).
pub fn http_with(
    answer: impl Fn(&Call) -> Answer + Send + Sync + 'static,
) -> (u16, Received<Call>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received: Received<Call> = Arc::default();
    let calls = received.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (calls, answer) = (calls.clone(), answer.clone());
            std::thread::spawn(move || http_exchange(stream, &calls, &*answer));
        }
    });
    (port, received)
}

fn http_exchange(stream: TcpStream, calls: &Received<Call>, answer: &dyn Fn(&Call) -> Answer) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut headers = Vec::new();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.trim().to_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map_or(0, |(_, value)| value.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let call = Call {
        headers,
        body: String::from_utf8(body).unwrap(),
    };
    calls.lock().unwrap().push(call.clone());
    let Answer { status, headers } = answer(&call);
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let text =
        format!("HTTP/1.1 {status} X\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = writer.write_all(text.as_bytes());
}
