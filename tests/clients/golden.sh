#!/bin/sh
# A golden-image test of a real client is two commands that give the same
# answer every run:
#     shoji --until idle --screenshot out.png -- CLIENT
#     shoji compare golden.png out.png
# weston-terminal (Weston's, not ours), running a shell that prints a line and
# waits, is run 20 times, 2 at a time: every screenshot has the same SHA-256,
# and each compares equal to the first.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
fail_logs='*.err'
# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"
command -v weston-terminal >/dev/null || { echo "SKIP: weston-terminal not installed"; exit 77; }
command -v sha256sum >/dev/null || { echo "SKIP: sha256sum not installed"; exit 77; }

make_tmp
export XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"

# weston-terminal runs its --shell with no arguments: a script that prints a
# fixed line and then does nothing, so the terminal settles.
cat >"$tmp/quiet-shell" <<'SCRIPT'
#!/bin/sh
echo "golden image"
exec sleep 600
SCRIPT
chmod +x "$tmp/quiet-shell"

run() { # N: one run, screenshot $tmp/N.png
    "$SHOJI" --size 640x480 --until idle --timeout 20 --screenshot "$tmp/$1.png" -- \
        weston-terminal --shell="$tmp/quiet-shell" >/dev/null 2>"$tmp/$1.err"
}

echo "check: 20 runs, 2 at a time, all exit 0"
i=1
while [ "$i" -le 20 ]; do
    s1=0 s2=0
    run "$i" & p1=$!
    run $((i + 1)) & p2=$!
    wait "$p1" || s1=$?
    wait "$p2" || s2=$?
    [ "$s1" -eq 0 ] && [ "$s2" -eq 0 ] || fail "runs $i and $((i + 1)) exited $s1 and $s2"
    i=$((i + 2))
done

echo "check: one SHA-256 for all 20 screenshots"
distinct=$(cd "$tmp" && sha256sum ./*.png | cut -d' ' -f1 | sort -u | wc -l)
[ "$distinct" -eq 1 ] || fail "$distinct different screenshots in 20 runs"

echo "check: shoji compare says the same"
for i in $(seq 2 20); do
    "$SHOJI" compare "$tmp/1.png" "$tmp/$i.png" >"$tmp/compare.out" || fail "compare 1.png $i.png: $(cat "$tmp/compare.out")"
done

echo "PASS: golden"
