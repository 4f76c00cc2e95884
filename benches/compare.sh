#!/usr/bin/env bash
# Whole-process timings of studyguide side by side with its peers (issue 15),
# ours and the peer taking turns, printed as one table of medians and ratios:
#   - first frame in an 80x24 pseudo-terminal against `less` on the same
#     file: bundled chapter, 1 MB and 4 MB chapters (the 4 MB one also with
#     a place saved half-way into it), with and without a saved
#     reading position (a returning user);
#   - start-up with 100k cards, and with 100k cards + 100k reviews, against
#     the bundled chapter (time and peak RSS);
#   - `due --json` and `stats --json` at 100k cards + 100k reviews, and
#     opening the stats screen there;
#   - `print` of 100 KB, 1 MB and 4 MB of Markdown to a pipe against `mdcat`
#     (time and peak RSS);
#   - `import anki` of 50k notes and `import markdown` of a 5 MB chapter, and
#     the largest of each that loads;
#   - a grade including its store write at 100k cards + 100k reviews;
#   - a sync merging two devices' 20k reviews each, and the device file's size.
#
# usage: benches/compare.sh [WORKDIR]     (generated data goes to WORKDIR)
#   RUNS=N   timed runs of each side per row (default 20; warm-up 3 more)
#   MDCAT=PATH  the mdcat to compare with; MDCAT=skip leaves it out
# needs: cargo, python3 (standard library only; benches/ptytime.py starts and
#        times the processes), GNU time (/usr/bin/time, for peak RSS), less.
# mdcat is optional: taken from PATH, or from target/peers/bin, or installed
# there with `cargo install --locked --root target/peers mdcat` (the only step
# that may use the network besides cargo fetching our own dependencies);
# without it the print rows show studyguide alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

for tool in cargo python3 less; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing; install it first" >&2
        exit 1
    fi
done
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is missing (/usr/bin/time); apt-get install -y time" >&2
    exit 1
fi

TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$TARGET"
TARGET=$(realpath "$TARGET")
echo "building (release) ..." >&2
cargo build --release --quiet --bin studyguide --example generate
BIN="$TARGET/release/studyguide"
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
RUNS=${RUNS:-20}
PTYTIME=(python3 "$ROOT/benches/ptytime.py")
RESULTS="$WORK/results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
ROWS="$RESULTS/rows.jsonl"

# --- mdcat (optional) --------------------------------------------------------
MDCAT=${MDCAT:-}
if [ "$MDCAT" = skip ]; then
    MDCAT=""
elif [ -n "$MDCAT" ]; then
    MDCAT=$(command -v "$MDCAT")
elif command -v mdcat >/dev/null; then
    MDCAT=$(command -v mdcat)
elif [ -x "$TARGET/peers/bin/mdcat" ]; then
    MDCAT="$TARGET/peers/bin/mdcat"
else
    echo "mdcat not found; installing it into $TARGET/peers (several minutes) ..." >&2
    if cargo install --locked --quiet --root "$TARGET/peers" mdcat >"$RESULTS/mdcat-install.log" 2>&1; then
        MDCAT="$TARGET/peers/bin/mdcat"
    else
        echo "mdcat could not be installed (see $RESULTS/mdcat-install.log); skipping the mdcat side of the print rows" >&2
    fi
fi

# --- data ----------------------------------------------------------------------
echo "generating data in $WORK ..." >&2
"$TARGET/release/examples/generate" "$WORK" >/dev/null
# A ~4 MB chapter (under the loader's 4 MiB limit): the 1 MB chapter's
# interviews and sections four times over, with fresh ids.
# 100 KB and 4 MB Markdown files: the 1 MB file cut at a heading, and four
# copies of it.
python3 - "$WORK" <<'EOF'
import os, re, sys
work = sys.argv[1]
src = open(os.path.join(work, "chapter-1mb", "chapter-900.toml")).read()
# head | interviews and sections | [insights] and its intro | insights.items | conclusion
cuts = [src.index(m) for m in ("\n[[interviews]]", "\n[insights]", "\n[[insights.items]]", "\n[conclusion]")]
head, parts, insights, items, tail = (
    src[: cuts[0]], src[cuts[0] : cuts[1]], src[cuts[1] : cuts[2]], src[cuts[2] : cuts[3]], src[cuts[3] :]
)
head = head.replace('id = "gen900"', 'id = "gen901"').replace("number = 900", "number = 901")
copies = lambda text: "".join(text.replace("gen900-", f"gen901-{k}-") for k in range(4))
out = head.replace("gen900-", "gen901-") + copies(parts)
out += insights.replace("gen900-", "gen901-") + copies(items) + tail.replace("gen900-", "gen901-")
assert len(out.encode()) < 4 * 1024 * 1024, len(out)
os.makedirs(os.path.join(work, "chapter-4mb"), exist_ok=True)
open(os.path.join(work, "chapter-4mb", "chapter-901.toml"), "w").write(out)
md = open(os.path.join(work, "large.md")).read()
cut = md.index("\n#", 100_000) + 1
open(os.path.join(work, "md-100k.md"), "w").write(md[:cut])
open(os.path.join(work, "md-1mb.md"), "w").write(md)
open(os.path.join(work, "md-4mb.md"), "w").write(md * 4)
EOF

SEED="$ROOT/content/chapter-17.toml"
CH1="$WORK/chapter-1mb/chapter-900.toml"
CH4="$WORK/chapter-4mb/chapter-901.toml"
NOW=2026-01-31T09:00:00Z
: >"$WORK/no-config.toml"
# studyguide with a data directory (fresh for each run of this script).
sg() {
    local data=$1
    shift
    echo "$BIN --config $WORK/no-config.toml --data-dir $data --now $NOW $*"
}
FF="--exit-after-first-frame"
D="$WORK/runs"
rm -rf "$D" && mkdir -p "$D"
# A returning user: open the reader, move down ten items, quit (the reading
# position is saved on quit); later starts restore it.
save_position() {
    local data=$1 content=$2
    "${PTYTIME[@]}" run --pty 80x24 --keys jjjjjjjjjjq --key-delay 0.05 "$(sg "$data" "$content")" 2>/dev/null
}
save_position "$D/bundled-pos" ""
save_position "$D/1mb-pos" "--content $WORK/chapter-1mb"
save_position "$D/4mb-pos" "--content $WORK/chapter-4mb"
# A place half-way into the 4 MB chapter (ten items down is near its top):
# written into the store, then saved again by the app's own quit, which adds
# where the item starts when laid out.
mkdir -p "$D/4mb-mid"
cp "$D/4mb-pos/progress.sqlite3" "$D/4mb-mid/"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE positions SET value = ? WHERE key = ?", ("{\"item\":\"gen901-2-iv40\",\"line\":0,\"content_focus\":false}", "reader"))
c.commit()
' "$D/4mb-mid/progress.sqlite3"
"${PTYTIME[@]}" run --pty 80x24 --keys q "$(sg "$D/4mb-mid" --content "$WORK/chapter-4mb")" 2>/dev/null
for d in bundled-pos 1mb-pos 4mb-pos 4mb-mid; do
    python3 -c '
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT value FROM positions WHERE key = ?", ("reader",)).fetchone()
sys.exit("no reading position was saved in " + sys.argv[1]) if not row else print("saved position:", row[0], file=sys.stderr)
' "$D/$d/progress.sqlite3"
done
mkdir -p "$D/100k-reviews"
cp "$WORK/data-100k/progress.sqlite3" "$D/100k-reviews/"

row() { "${PTYTIME[@]}" row "$ROWS" --runs "$RUNS" "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)" >&2
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
echo "timing (each row: $RUNS runs of each side, taking turns) ..." >&2
row --label "pty + exec of \`true\` (floor)" --pty 80x24 --ours true --ours-name true
LESS_Q=(--peer-keys q --peer-name less)
row --label "first frame, bundled chapter, new user" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/bundled-new" $FF)" --peer "less $SEED" --target "<= 2x less"
row --label "first frame, bundled chapter, saved position" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/bundled-pos" $FF)" --peer "less $SEED" --target "<= 2x less"
row --label "first frame, 1 MB chapter, new user" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/1mb-new" --content "$WORK/chapter-1mb" $FF)" --peer "less $CH1" --target "<= 2x less"
row --label "first frame, 1 MB chapter, saved position" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/1mb-pos" --content "$WORK/chapter-1mb" $FF)" --peer "less $CH1" --target "<= 2x less"
row --label "first frame, 4 MB chapter, new user" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/4mb-new" --content "$WORK/chapter-4mb" $FF)" --peer "less $CH4" --target "<= 3x less"
row --label "first frame, 4 MB chapter, saved position" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/4mb-pos" --content "$WORK/chapter-4mb" $FF)" --peer "less $CH4" --target "<= 3x less"
row --label "first frame, 4 MB chapter, saved half-way" --pty 80x24 --rss "${LESS_Q[@]}" \
    --ours "$(sg "$D/4mb-mid" --content "$WORK/chapter-4mb" $FF)" --peer "less $CH4" --target "<= 3x less"
BUNDLED=(--peer "$(sg "$D/bundled-new" $FF)" --peer-name bundled)
row --label "start-up, 100k cards (cache warm)" --pty 80x24 --rss "${BUNDLED[@]}" \
    --ours "$(sg "$D/100k" --content "$WORK/deck-100k" $FF)" --target "<= 2x bundled, <= 60 MB"
row --label "start-up, 100k cards + 100k reviews" --pty 80x24 --rss "${BUNDLED[@]}" \
    --ours "$(sg "$D/100k-reviews" --content "$WORK/deck-100k" $FF)" --target "<= 2x bundled, <= 60 MB"
# The first frame comes before the cards (they are read right after it, before
# the first key): the time from the start to a `q` typed at the first frame
# being handled, and the peak memory with every card and review loaded.
row --label "start to first key handled, 100k + 100k reviews" --pty 80x24 --rss \
    --keys q --peer "$(sg "$D/bundled-new")" --peer-name bundled \
    --ours "$(sg "$D/100k-reviews" --content "$WORK/deck-100k")" --target "(peak <= 60 MB)"
row --label "due --json, 100k cards + 100k reviews" --rss \
    --ours "$(sg "$D/100k-reviews" --content "$WORK/deck-100k" due --json)" --target "<= 100 ms"
row --label "stats --json, 100k cards + 100k reviews" --rss \
    --ours "$(sg "$D/100k-reviews" --content "$WORK/deck-100k" stats --json)" --target "<= 100 ms"
# Opening the stats screen: the time from typing `4` `q` to the exit, minus
# the time from typing `q` alone (start-up and the first frame cancel out).
# The cards are read right after the first frame, and keys wait for them:
# `?` goes in at the first frame, and the timed keys (`?` again closes the
# help) only once the help is drawn ("flashcards" is in it), so the load
# is not in the time.
AFTER_LOAD=(--pre-keys '?' --after flashcards)
row --label "open stats screen, 100k + 100k reviews (4q minus q)" --pty 80x24 --from-keys --subtract \
    "${AFTER_LOAD[@]}" --keys '?4q' --peer-keys '?q' --peer-name "q alone" \
    --ours "$(sg "$D/100k-reviews" --content "$WORK/deck-100k")" \
    --peer "$(sg "$D/100k-reviews" --content "$WORK/deck-100k")" --target "<= 10 ms"
for size in 100k 1mb 4mb; do
    label="print $size Markdown to a pipe"
    label=${label/100k/100 KB}
    label=${label/1mb/1 MB}
    label=${label/4mb/4 MB}
    peer=()
    [ -n "$MDCAT" ] && peer=(--peer "$MDCAT $WORK/md-$size.md" --peer-name mdcat)
    row --label "$label" --rss "${peer[@]}" --ours "$BIN print $WORK/md-$size.md" \
        --target "faster than mdcat$([ "$size" = 4mb ] && echo ', peak <= mdcat')"
done

# Imports (target: <= 1 s each), timed through the load check of every file
# to the files written. The 50k notes and the 5 MB chapter are over the
# loader's 4 MiB content limit as TOML, so each is written in parts (4 deck
# files, 2 chapter files), each under it. The 16k notes and the 3.6 MB
# chapter are the largest of the same kind that fit in one file.
row --label "import anki, 50k notes (11.6 MB; 4 deck files written)" --rss \
    --ours "$BIN import anki $WORK/anki-50k.txt -o $D/anki-50k.toml" --target "<= 1 s"
row --label "import anki, 16k notes (3.7 MB; one 4.1 MB deck written)" --rss \
    --ours "$BIN import anki $WORK/anki-16k.txt -o $D/anki-16k.toml" --target "<= 1 s"
row --label "import markdown, 5 MB chapter (2 chapter files written)" --rss \
    --ours "$BIN import markdown $WORK/chapter-5mb.md -o $D/chapter-5mb.toml" --target "<= 1 s"
row --label "import markdown, 3.6 MB chapter (one 4.0 MB file written)" --rss \
    --ours "$BIN import markdown $WORK/chapter-3600k.md -o $D/chapter-3600k.toml" --target "<= 1 s"
# A grade with its store write, at 100k cards + 100k reviews, on the disk
# that holds WORK: the time from typing `2` Enter Space `3` F1 `q` (open the
# drill, reveal, grade Good, back to the reader, quit) to the exit, minus the
# same keys without the `3`. F1 leaves the drill from any state, also when
# the next card asks for a typed answer (where `q` would be text). The
# 100k deck's typed cards are made plain cards here (same ids, so the
# reviews still count): a typed card first in the queue would take Space and
# `3` as its answer's text, and every later run would stop at it ungraded.
# Each run adds one review to its own copy of the store; the count is checked.
mkdir -p "$D/100k-grade" "$WORK/deck-100k-untyped"
cp "$WORK/data-100k/progress.sqlite3" "$D/100k-grade/"
for f in "$WORK"/deck-100k/*.toml; do
    sed '/^kind = "typed"$/d' "$f" >"$WORK/deck-100k-untyped/$(basename "$f")"
done
reviews() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM reviews").fetchone()[0])' "$1"; }
GRADE_BEFORE=$(reviews "$D/100k-grade/progress.sqlite3")
F1=$'\eOP'
row --label "grade incl. store write, 100k + 100k reviews (keys minus no grade)" --pty 80x24 --from-keys \
    --subtract "${AFTER_LOAD[@]}" --keys $'?2\r 3'"${F1}q" --peer-keys $'?2\r '"${F1}q" --peer-name "no grade" --warmup 3 \
    --ours "$(sg "$D/100k-grade" --content "$WORK/deck-100k-untyped")" \
    --peer "$(sg "$D/100k-grade" --content "$WORK/deck-100k-untyped")" --target "<= 5 ms"
GRADED=$(($(reviews "$D/100k-grade/progress.sqlite3") - GRADE_BEFORE))
if [ "$GRADED" -ne $((RUNS + 3)) ]; then
    echo "warning: the grade row graded $GRADED cards in $((RUNS + 3)) runs; its number is not a grade's" >&2
fi
# Sync (issue 26): a device with 20,000 reviews syncs for the first time
# with a folder holding another device's 20,000 (the same 5,000 cards, so
# every card is replayed from a merged log). Each run restores both from a
# template first; the restore alone is the peer, subtracted.
rm -rf "$D/sync-template" && mkdir -p "$D/sync-template"
cp -a "$WORK/sync-b" "$D/sync-template/data"
cp -a "$WORK/sync-folder" "$D/sync-template/folder"
RESTORE="rm -rf $D/sync-run && cp -a $D/sync-template $D/sync-run"
row --label "sync, 20k reviews into 20k (restore+sync minus restore)" --rss --subtract \
    --ours "sh -c '$RESTORE && $(sg "$D/sync-run/data" --sync-dir "$D/sync-run/folder" sync) >/dev/null'" \
    --peer "sh -c '$RESTORE'" --peer-name restore --target "<= 300 ms"
SYNC_FILE_KB=$(du -k "$D"/sync-run/folder/studyguide/devices/*.automerge | sort -n | tail -1 | cut -f1)

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%F %H:%M UTC'); $RUNS runs per side, medians"
echo "load average before and after: $LOAD_BEFORE / $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine makes the numbers noisy)"
[ -z "$MDCAT" ] && echo "mdcat: not available, print rows show studyguide alone"
echo "sync: the merged device file is ${SYNC_FILE_KB} KB (target: under 400 KB)"
"${PTYTIME[@]}" table "$ROWS"
echo "rows as JSON: $ROWS"
