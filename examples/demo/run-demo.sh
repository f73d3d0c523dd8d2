#!/bin/sh
# Runs rgreet the way the README shows; works from a source checkout after `cargo build --release`
# and from a release archive (whose target/release/ links to bin/).
set -eu
cd "$(dirname "$0")/.."
./target/release/rgreet --version
./target/release/rgreet --config configs/greeting.conf Ferris
