#!/usr/bin/env bash
# Smoke test of the frozen app, offscreen and in a throwaway home, so the user's data is never touched.
#
#   bash packaging/smoke_test.sh dist/annotator               # the one-folder bundle
#   bash packaging/smoke_test.sh dist/onefile/annotator       # the one-file executable
#
# Runs the command line (--version, import, export, a CoNLL export in two worker processes, stats), then opens the window twice: on the default
# project, which a first start fills with the demo articles, and on the project just imported. The window
# closes itself after SMOKE_SECONDS (default 2) through the ANNOTATOR_SMOKE_TEST hook of
# packaging/launch.py, which exits 0 only if the main window was shown. Exits 0 when all passed.
set -euo pipefail

target=${1:?usage: smoke_test.sh BUNDLE_DIR_OR_EXECUTABLE}
if [ -d "$target" ]; then
    exe=$target/annotator
    [ -e "$exe" ] || exe=$target/annotator.exe
else
    exe=$target
fi
[ -x "$exe" ] || { echo "smoke test: no executable at $exe" >&2; exit 1; }
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")

work=$(mktemp -d "${TMPDIR:-/tmp}/annotator-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p home data config cache runtime
chmod 700 runtime
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export XDG_RUNTIME_DIR=$work/runtime
export QT_QPA_PLATFORM=offscreen
# A fresh home asks for the annotator's name on first start; answer it here so no dialog blocks the window.
# (The smoke-test hook keeps settings in INI files under XDG_CONFIG_HOME: .conf on Linux, .ini elsewhere.)
mkdir -p config/annotator
printf '[annotator]\nname=smoke-test\n' | tee config/annotator/annotator.ini >config/annotator/annotator.conf

start=$SECONDS
passed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "smoke test FAILED: $*" >&2; echo "smoke: $passed passed, 1 failed"; exit 1; }
run() {  # run the app with a time limit; its output goes to $work/out and $work/err
    local status=0
    timeout 60 "$exe" "$@" >out 2>err || status=$?
    if grep -q "Traceback" err; then cat err >&2; fail "annotator $* printed a traceback"; fi
    return "$status"
}
must() {  # run the app; it must exit with status 0
    local status=0
    run "$@" || status=$?
    [ "$status" -eq 0 ] || { cat err >&2; fail "annotator $* exited with $status"; }
}

must --version
grep -Eq '^annotator [0-9]+\.[0-9]+' out || fail "annotator --version printed '$(cat out)'"
ok "$(cat out)"

cat >some.txt <<'EOF'
Storm closes Zürich airport

Flights from Zürich were cancelled on Monday, Swiss officials said; Lufthansa expects delays — 🌧 until Wednesday.
EOF
must import some.txt --project tmp.annotator --annotator smoke-test
grep -q "Imported 1 new document" out || fail "import printed '$(cat out)'"
ok "import: $(head -n 1 out)"

must export --format jsonl --out out.jsonl --project tmp.annotator
[ "$(wc -l <out.jsonl)" -eq 1 ] || fail "out.jsonl has $(wc -l <out.jsonl) lines, expected 1"
grep -qF 'Lufthansa expects delays — 🌧 until Wednesday.' out.jsonl || fail "out.jsonl lacks the article text"
grep -qF '"title": "some"' out.jsonl || grep -qF '"title": "Storm closes Zürich airport"' out.jsonl ||
    fail "out.jsonl lacks the title"
ok "export: $(cat out)"

# Two worker processes, as a big CoNLL export starts: the frozen app runs itself again as each worker.
must export --format conll --jobs 2 --out out.conll --project tmp.annotator
head -n 1 out.conll | grep -qx -- "-DOCSTART- -X- O O" || fail "out.conll starts with '$(head -n 1 out.conll)'"
grep -qx "Lufthansa O" out.conll || fail "out.conll lacks the token line 'Lufthansa O'"
ok "export in worker processes: $(cat out)"

must stats --project tmp.annotator
grep -q "Documents: 1" out || fail "stats printed '$(cat out)'"
ok "stats"

smoke_window() {  # open the window with the given arguments; it must close itself with status 0
    ANNOTATOR_SMOKE_TEST=${SMOKE_SECONDS:-2} must "$@"
    grep -q "smoke test: visible windows: MainWindow" err || { cat err >&2; fail "no main window ($*)"; }
}

smoke_window
[ -f data/annotator/default.annotator ] || fail "the first start made no default project in XDG_DATA_HOME"
must stats
demo=$(dirname "$exe")/_internal/resources/demo
if [ -d "$demo" ]; then  # the one-folder bundle: the default project holds every demo article
    articles=$(find "$demo" -name '*.txt' | wc -l)
    grep -qx "Documents: $articles" out || fail "the default project has $(grep '^Documents' out), expected $articles"
fi
ok "window on the default project ($(grep '^Documents' out))"

smoke_window tmp.annotator
ok "window on tmp.annotator"

echo "the frozen app passed its smoke test in $((SECONDS - start)) s"
echo "smoke: $passed passed, 0 failed"
