//! The `jigsaw` command line (placeholder while it is written).
