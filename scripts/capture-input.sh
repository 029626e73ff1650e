#!/usr/bin/env bash
# Captures the exact JSON mdBook sends our preprocessor for a book.
#
#   scripts/capture-input.sh BOOK_DIR OUT.json [--fast]
#
# Builds BOOK_DIR with the real mdBook (MDBOOK, default `mdbook` on PATH;
# 0.5.x) after pointing `[preprocessor.integration-guide] command` at a
# small hook (through mdBook's MDBOOK_* environment overrides, so the book
# is not touched). The hook answers `supports` with "yes", copies stdin to
# OUT.json and answers with ANSWER (default: the passthrough example, so the
# book builds whatever shortcodes it holds). The HTML goes to a temporary
# directory that is removed.
#
# --fast: the hook only copies stdin and then fails, so mdBook stops right
# after handing over the book instead of rendering it (rendering a book of
# 16,000 chapters takes mdBook many minutes: every page holds the whole
# table of contents). The captured JSON is the same.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 BOOK_DIR OUT.json [--fast]" >&2
    exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
book="$(cd "$1" && pwd)"
out="$(realpath -m "$2")"
fast="${3:-}"
mdbook="${MDBOOK:-mdbook}"
answer="${ANSWER:-$repo/target/release/examples/passthrough}"
if [ ! -x "$answer" ]; then
    (cd "$repo" && cargo build --release --example passthrough --quiet)
fi
"$mdbook" --version >&2

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/hook.sh" <<'HOOK'
#!/bin/sh
# $1: where to copy stdin; $2: what answers mdBook (`stop`: nothing, fail).
if [ "$3" = supports ]; then exit 0; fi
if [ "$2" = stop ]; then cat > "$1"; exit 3; fi
tee "$1" | "$2"
HOOK
rm -f "$out"
if [ "$fast" = --fast ]; then
    answer=stop
fi
export MDBOOK_PREPROCESSOR__INTEGRATION_GUIDE__COMMAND="sh $tmp/hook.sh $out $answer"
start=$(date +%s)
if ! "$mdbook" build "$book" -d "$tmp/html" >"$tmp/log" 2>&1 && [ "$answer" != stop ]; then
    cat "$tmp/log" >&2
    exit 1
fi
if [ ! -s "$out" ]; then
    echo "$0: mdBook did not run the preprocessor (is [preprocessor.integration-guide] in book.toml?)" >&2
    exit 1
fi
echo "captured $(stat -c %s "$out") bytes of input JSON in $out ($(( $(date +%s) - start )) s build)" >&2
