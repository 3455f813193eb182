//! The real App behind a real listener on loopback, for the tests whose behaviour is about
//! concurrency: many clients at once, each on its own connection.

use super::TestApp;
use actix_web::HttpServer;
use actix_web::dev::ServerHandle;
use forprev::build_app;
use serde_json::Value;
use std::net::SocketAddr;

/// A server running the test app's state (database, clock) until dropped.
pub struct Served {
    pub address: SocketAddr,
    handle: ServerHandle,
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        // Sends the stop command at once; its completion is not awaited.
        drop(self.handle.stop(false));
    }
}

impl TestApp {
    /// Serves the app on a free loopback port, on its own thread and runtime.
    pub fn serve(&self) -> Served {
        let state = self.state.clone();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || build_app(state.clone()))
                    .workers(4)
                    .bind(("127.0.0.1", 0))
                    .expect("a loopback port");
                let address = server.addrs()[0];
                let server = server.run();
                sender.send((address, server.handle())).unwrap();
                server.await
            })
        });
        let (address, handle) = receiver.recv().expect("the server started");
        Served { address, handle }
    }
}

/// An answer read by a plain HTTP client: status, one header, JSON body (or `Null`).
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub body: Value,
}

/// A client that reports every status instead of failing on 4xx/5xx.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

pub fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let etag = response
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status: response.status().as_u16(),
        etag,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

/// Sends `body` as JSON.
pub fn send_json(
    request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    body: &Value,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    request
        .header("Content-Type", "application/json")
        .send(body.to_string())
}
