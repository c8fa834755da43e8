//! Errors shared by every generated operation.
