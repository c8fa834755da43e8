//! Constraint-trait validation with the Smithy reference semantics.
