//! Executing an operation: configuration, signing, transport, retries.
