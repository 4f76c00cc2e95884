#!/usr/bin/env bash
# Whole-process timings of studyguide side by side with its peers: time to
# the first frame in a pseudo-terminal (bundled chapter, 1 MB chapter,
# 100,000-card deck, with and without the parsed-content cache), `print` of a
# 1 MB Markdown file against mdcat, and peak memory of the same runs.
#
# usage: benches/compare.sh [WORKDIR]   (generated data goes to WORKDIR)
# needs: hyperfine (apt-get install -y hyperfine, or cargo install hyperfine),
#        script (util-linux), /usr/bin/time (GNU time), jq.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine script jq; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing; install it (Debian/Ubuntu: apt-get install -y $tool)" >&2
        exit 1
    fi
done
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is missing (/usr/bin/time); apt-get install -y time" >&2
    exit 1
fi

TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin studyguide --example generate
BIN=$(realpath "$TARGET/release/studyguide")
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
"$TARGET/release/examples/generate" "$WORK" >/dev/null
RESULTS="$WORK/results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "data:    $WORK"
echo

COLS=200
ROWS=50
# Runs a command in a fresh pseudo-terminal of COLSxROWS.
in_pty() {
    printf "script -qec 'stty cols %s rows %s; exec %s' /dev/null" "$COLS" "$ROWS" "$*"
}

# name | studyguide arguments | data dir
CASES=(
    "bundled||$WORK/data-empty"
    "chapter_1mb|--content $WORK/chapter-1mb|$WORK/data-empty"
    "deck_100k|--content $WORK/deck-100k|$WORK/data-empty"
    "deck_100k_reviews_100k|--content $WORK/deck-100k|$WORK/data-100k"
)

mkdir -p "$WORK/data-empty"
run_case() {
    local name=$1 args=$2 data=$3
    local cmd="$BIN --config $WORK/no-config.toml --data-dir $data --now 2026-01-31T09:00:00Z $args --exit-after-first-frame"
    hyperfine --shell=bash --warmup 3 --min-runs 20 --style none \
        --export-json "$RESULTS/first_frame_$name.json" \
        -n "$name (cached)" "$(in_pty "$cmd")" >/dev/null
    if [ -n "$args" ]; then
        hyperfine --shell=bash --warmup 1 --min-runs 5 --style none \
            --prepare "rm -rf $data/cache" \
            --export-json "$RESULTS/first_frame_${name}_cold.json" \
            -n "$name (no cache)" "$(in_pty "$cmd")" >/dev/null
    fi
    # Peak memory, warm cache; the pty is not needed for that but keeps it equal.
    /usr/bin/time -v bash -c "$(in_pty "$cmd")" 2>"$RESULTS/mem_$name.txt" >/dev/null || true
}

hyperfine --shell=bash --warmup 3 --min-runs 20 --style none \
    --export-json "$RESULTS/first_frame_pty_only.json" \
    -n "pty only" "$(in_pty true)" >/dev/null

for case in "${CASES[@]}"; do
    IFS='|' read -r name args data <<<"$case"
    run_case "$name" "$args" "$data"
done

median_ms() { jq '.results[0].median * 1000' "$1"; }
# The peak RSS of the studyguide process itself (the largest of the tree's
# processes as GNU time reports the biggest child).
peak_mb() { awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }

PTY=$(median_ms "$RESULTS/first_frame_pty_only.json")
printf "%-26s %12s %12s %14s %10s\n" "first frame (pty ${COLS}x${ROWS})" "median ms" "minus pty" "no cache ms" "peak MB"
for case in "${CASES[@]}"; do
    IFS='|' read -r name args data <<<"$case"
    m=$(median_ms "$RESULTS/first_frame_$name.json")
    cold="-"
    [ -f "$RESULTS/first_frame_${name}_cold.json" ] && cold=$(printf "%.1f" "$(median_ms "$RESULTS/first_frame_${name}_cold.json")")
    printf "%-26s %12.1f %12.1f %14s %10s\n" "$name" "$m" "$(awk "BEGIN{print $m - $PTY}")" "$cold" "$(peak_mb "$RESULTS/mem_$name.txt")"
done
printf "%-26s %12.1f\n" "(pty + stty alone)" "$PTY"
echo

# print of a 1 MB Markdown file, against mdcat when installed.
if "$BIN" print --help >/dev/null 2>&1; then
    cmds=(-n "studyguide print" "$BIN print $WORK/large.md")
    if command -v mdcat >/dev/null; then
        cmds+=(-n mdcat "mdcat $WORK/large.md")
    else
        echo "mdcat not installed (cargo install mdcat); timing studyguide print alone"
    fi
    hyperfine --shell=bash --warmup 3 --min-runs 20 --style none \
        --export-json "$RESULTS/print.json" "${cmds[@]}" >/dev/null
    jq -r '.results[] | "\(.command): \(.median * 1000 | . * 10 | round / 10) ms"' "$RESULTS/print.json"
    /usr/bin/time -v "$BIN" print "$WORK/large.md" 2>"$RESULTS/mem_print.txt" >/dev/null || true
    echo "studyguide print peak: $(peak_mb "$RESULTS/mem_print.txt") MB"
    if command -v mdcat >/dev/null; then
        jq -r '"ratio studyguide/mdcat: \((.results[0].median / .results[1].median) * 100 | round / 100)"' "$RESULTS/print.json"
        /usr/bin/time -v mdcat "$WORK/large.md" 2>"$RESULTS/mem_mdcat.txt" >/dev/null || true
        echo "mdcat peak: $(peak_mb "$RESULTS/mem_mdcat.txt") MB"
    fi
else
    echo "skipped: studyguide print (this build has no print command yet)"
fi
echo
echo "ratios against the peers' medians on a 2-core machine (from issue 7):"
B=$(median_ms "$RESULTS/first_frame_bundled.json")
C=$(median_ms "$RESULTS/first_frame_chapter_1mb.json")
printf "  bundled first frame / md-tui 3.5 KB (15 ms):  %.2f\n" "$(awk "BEGIN{print $B / 15}")"
printf "  1 MB chapter first frame / less 1 MB (13 ms): %.2f\n" "$(awk "BEGIN{print $C / 13}")"
printf "  1 MB chapter first frame / frogmouth (460 ms): %.2f\n" "$(awk "BEGIN{print $C / 460}")"
echo "raw hyperfine JSON and GNU time output: $RESULTS"
