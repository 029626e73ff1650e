#!/usr/bin/env bash
# Fuzz the engine (and the stdin protocol) for a number of seconds each.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 300 s, engine and protocol
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable
# toolchain RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the sanitizer flags.
# Crashes land in fuzz/artifacts/<target>/; turn each into a regression test
# in tests/fuzz_regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(engine protocol)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Seed with the example book's chapters and the test fixtures.
  if [ "$t" = engine ]; then
    for f in ../book-example/src/*.md ../book-example/src/*/*.md ../tests/golden/*.md; do
      [ -f "$f" ] || continue
      { printf '\x00'; cat "$f"; } > "corpus/$t/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
      { printf '\x01'; cat "$f"; } > "corpus/$t/seed-warn-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    # Mapping rows (the target also wraps its input in a field-map and a
    # value-map body): every form, and non-ASCII names.
    printf '\x00Prénom -> First name: text, required | note\n= "€ \\| x" -> Währung\nCafé <-> 日本語: values=vm\n* -> שם\n`a->b` <- Größe\n' > "corpus/$t/seed-mapping-rows"
  else
    printf 'depth=2 ordered' > "corpus/$t/seed-attrs"
  fi
  cargo fuzz run "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -len_control=20
done
