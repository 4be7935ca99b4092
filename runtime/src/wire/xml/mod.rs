//! XML bodies: [`reader`] reads responses (`awsQuery`, `ec2Query`, `restXml`) and event
//! payloads, [`writer`] writes `restXml` requests.
//!
//! Wire layer: knows primitives, [`DeserializeError`](crate::wire::error::DeserializeError) and
//! the scalar text forms of [`crate::wire::scalar`]; nothing of HTTP, clients or generated code.
//! (Only with the `xml` feature.)

pub mod reader;
pub mod writer;

pub use reader::{
    attr_scalar, document, ec2_result, entry, error_element, error_fields, list, map, query_result,
    read, scalar, timestamp, XmlDeserialize, XmlDocument, XmlNode, XmlScalar,
};
pub use writer::{XmlSerialize, XmlText, XmlWriter};
