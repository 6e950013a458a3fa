#!/bin/sh
# shoji --events FILE: the JSON lines of real sessions, parsed with jq and
# checked for the expected sequence (docs/testing-clients.md, "Reading the
# event log of a failed CI run"): a settle-client session from connect to
# disconnect; the disconnect reason of a client that gets Shoji's protocol
# error, and of one that gets libwayland's (a truncated pool); the warnings
# of docs/examples/shm-client's mistakes.
set -eu

: "${SHOJI:?set SHOJI to the shoji executable}"
: "${SRCDIR:?set SRCDIR to the tests source directory}"
: "${SETTLE_CLIENT:?set SETTLE_CLIENT to the settle-client executable}"
: "${SHM_CLIENT:?set SHM_CLIENT to the shm-client executable}"
command -v jq >/dev/null || { echo "skip: jq is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# shellcheck source=tests/clients/common.sh
. "$SRCDIR/clients/common.sh"

# check LOG JQ-EXPRESSION WHAT: the expression must be true of the slurped log.
check() {
    jq -e -s "$2" "$1" >/dev/null || { cat "$1" >&2; fail "$1: $3"; }
}
# Every line: an object with a number "t" (not decreasing) and a string "event".
well_formed() {
    check "$1" 'all(.[]; (.t|type) == "number" and (.event|type) == "string")' 'a line lacks t or event'
    check "$1" '[.[].t] as $t | $t == ($t | sort)' 't decreases'
}
# first LOG EVENT-SELECTOR: index of the first line matching, or -1.
index_of() { jq -s "[.[] | $2] | index(true) // -1" "$1"; }

echo "== a settle-client session, connect to disconnect"
expect 0 --size 320x240 --until idle --events "$tmp/a.jsonl" --screenshot "$tmp/a.png" -- "$SETTLE_CLIENT" --frames 5
log=$tmp/a.jsonl
well_formed "$log"
check "$log" '.[0].event == "client_connect" and (.[0].pid|type) == "number" and .[0].client == 1' \
    'the first line is not the client connect'
check "$log" '.[-1].event == "client_disconnect" and .[-1].reason == "closed" and .[-1].client == 1' \
    'the last line is not the client disconnect, reason closed'
check "$log" '[.[] | select(.event == "configure")][0] as $c
    | [.[] | select(.event == "ack_configure")][0].serial == $c.serial' 'the first ack does not name the first configure serial'
check "$log" 'any(.[]; .event == "toplevel_map" and .title == "settle-client" and .width == 200 and .height == 150
    and .x == 32 and .y == 32 and .toplevel == 1)' 'no toplevel_map of the 200x150 window at (32, 32)'
check "$log" 'any(.[]; .event == "commit" and .toplevel == 1 and .damage_px == 30000)' 'no commit damaging 200x150'
check "$log" 'any(.[]; .event == "screenshot" and .width == 320 and .height == 240)' 'no screenshot line'
connect=$(index_of "$log" '.event == "client_connect"')
configure=$(index_of "$log" '.event == "configure"')
ack=$(index_of "$log" '.event == "ack_configure"')
map=$(index_of "$log" '.event == "toplevel_map"')
commit=$(index_of "$log" '.event == "commit"')
shot=$(index_of "$log" '.event == "screenshot"')
unmap=$(index_of "$log" '.event == "toplevel_unmap" and .toplevel == 1')
gone=$(index_of "$log" '.event == "client_disconnect"')
[ "$connect" -lt "$configure" ] && [ "$configure" -lt "$ack" ] && [ "$ack" -lt "$map" ] &&
    [ "$map" -lt "$commit" ] && [ "$commit" -lt "$shot" ] && [ "$shot" -lt "$unmap" ] && [ "$unmap" -lt "$gone" ] ||
    { cat "$log" >&2; fail "out of order: connect $connect configure $configure ack $ack map $map commit $commit screenshot $shot unmap $unmap disconnect $gone"; }

echo "== Shoji's protocol error is the disconnect reason"
expect 3 --size 320x240 --timeout 20 --events "$tmp/b.jsonl" -- "$SHM_CLIENT" --stride-in-pixels
well_formed "$tmp/b.jsonl"
check "$tmp/b.jsonl" 'any(.[]; .event == "protocol_error" and .interface == "wl_shm_pool" and .code == 1
    and (.message | test("stride 128 is smaller than width 128")))' 'no protocol_error line for the stride'
check "$tmp/b.jsonl" '.[-1].event == "client_disconnect" and .[-1].reason == "protocol_error"
    and .[-1].error.interface == "wl_shm_pool" and .[-1].error.code == 1
    and (.[-1].error.message | test("is the stride in pixels"))' 'the disconnect does not give the stride error'

echo "== libwayland's protocol error (a truncated pool) is the disconnect reason"
expect 3 --size 320x240 --timeout 20 --events "$tmp/c.jsonl" -- "$SHM_CLIENT" --truncate
well_formed "$tmp/c.jsonl"
check "$tmp/c.jsonl" '.[-1].event == "client_disconnect" and .[-1].reason == "protocol_error"
    and .[-1].error.interface == "wl_buffer" and .[-1].error.code == 2
    and .[-1].error.message == "error accessing SHM buffer"' 'the disconnect does not give the SHM access error'

echo "== client mistakes explained as warnings"
# warned MODE KIND PATTERN: shm-client --MODE gives one warning KIND whose
# message matches PATTERN, and exits 0.
warned() {
    expect 0 --size 320x240 --timeout 20 --events "$tmp/$1.jsonl" -- "$SHM_CLIENT" "--$1"
    well_formed "$tmp/$1.jsonl"
    check "$tmp/$1.jsonl" "[.[] | select(.event == \"warning\" and .kind == \"$2\")] | length == 1" "not one $2 warning"
    check "$tmp/$1.jsonl" "any(.[]; .event == \"warning\" and .kind == \"$2\" and (.message | test(\"$3\")))" \
        "the $2 warning does not say '$3'"
}
warned int32-damage damage_everything 'damage_buffer\\(0, 0, 2147483647, 2147483647\\).*damage only what changed'
warned uint32-damage damage_negative 'damage_buffer\\(0, 0, -1, -1\\).*damages nothing'
warned write-before-release buffer_reattached 'attach\\(wl_buffer@[0-9]+\\) before .*wl_buffer.release'
echo "check: a correct client gets none of them (but no_window_geometry: shm-client sets none)"
expect 0 --size 320x240 --timeout 20 --events "$tmp/n.jsonl" -- "$SHM_CLIENT"
check "$tmp/n.jsonl" '[.[] | select(.event == "warning") | .kind] == ["no_window_geometry"]' 'unexpected warnings'

echo "== a log that cannot be written is Shoji's failure"
expect 125 --events "$tmp/no/such/dir/x.jsonl" -- true
grep -q "cannot write the event log" "$tmp/err" || fail "no word about the event log"
echo "PASS"
