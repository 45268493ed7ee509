//! Placeholder until the JS API issue.
