//! How server functions' answers and errors travel: JSON, read from text.
//!
//! The same types reach the browser twice: as a server function's answer (server_fn's `Json`
//! reads them with `serde_json::from_slice`) and inside the page as resolved resources (Leptos
//! reads those with `serde_json::from_str`). serde_json compiles a separate reader for each
//! source, so every answer type carried two deserializers in the wasm. [`JsonText`] reads
//! answers from text as the resources do, and the browser keeps one. The bytes on the wire
//! are the same `application/json`.

use serde::Serialize;
use serde::de::{DeserializeOwned, Error as _};
use server_fn::codec::Post;
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// JSON, decoded from UTF-8 text.
pub struct JsonText;

/// The answer encoding of every userdesk server function: `#[server(output = Answer)]`.
pub type Answer = Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| serde_json::Error::custom(format!("the answer is not UTF-8: {e}")))?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests;
