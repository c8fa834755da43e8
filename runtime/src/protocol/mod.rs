//! restJson1 wire helpers: JSON reader and writer, HTTP bindings, error discovery.
