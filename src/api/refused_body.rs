//! A refused request does not get its body read. An upload is authorised before its body is read
//! and refused past its bounds (413); without more, actix would then read the rest of a chunked
//! body to its end (however big) to keep the connection for a next request. This middleware keeps
//! the unread body alive while the refusal is sent, which makes actix close the connection
//! instead (`Connection: close`): nothing more of it is read.

use actix_web::HttpMessage;
use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};
use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

type SharedPayload = Rc<RefCell<Payload>>;

pub async fn close_after_refused_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, HoldingBody>>, actix_web::Error> {
    let payload: SharedPayload = Rc::new(RefCell::new(req.take_payload()));
    let reader: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(Reader(payload.clone()));
    req.set_payload(reader.into());
    let response = next.call(req).await?;
    let status = response.status();
    let refused = status.is_client_error() || status.is_server_error();
    Ok(response.map_body(|head, body| {
        if refused {
            head.set_connection_type(ConnectionType::Close);
            EitherBody::right(HoldingBody {
                body: body.boxed(),
                _payload: payload,
            })
        } else {
            EitherBody::left(body)
        }
    }))
}

/// What the handler reads: the request's own body, shared with the middleware.
struct Reader(SharedPayload);

impl Stream for Reader {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.borrow_mut().poll_next_unpin(cx)
    }
}

/// A response body that keeps the request's body alive until the response is sent.
pub struct HoldingBody {
    body: BoxBody,
    _payload: SharedPayload,
}

impl MessageBody for HoldingBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}
