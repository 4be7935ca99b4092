//! Writers: a loaded [`crate::model::Model`] back out as a Smithy 2.0 JSON AST document in one
//! canonical form ([`to_json_ast`]), and that document as Smithy IDL 2.0 text ([`to_idl`]).
//!
//! This module only writes; it never reads model files (that is `load`) and never feeds the
//! code generator. The canonical JSON AST is the contract between the two writers and the
//! frontends: the same model gives the same bytes whichever files and formats it came from.

mod idl;
mod json;

pub use idl::to_idl;
pub use json::{canonical_node, to_json_ast};
