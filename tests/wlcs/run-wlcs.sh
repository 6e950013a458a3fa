#!/usr/bin/env bash
# Runs the WLCS suite against Shoji's integration module and reports per test,
# per suite and in total; optionally gates on an expected-failures list.
#
#   run-wlcs.sh [options] RUNNER MODULE
#     --filter PATTERN      gtest filter (default: every test)
#     --expected FILE       gate mode: exit 1 if a test fails that FILE does not
#                           list; report (without failing) listed tests that pass
#     --applicable FILE     also report the figures on the tests FILE lists
#     --only FILE           run only the tests FILE lists (the others count
#                           as not run)
#     --results FILE        write "RESULT test-name" lines here
#     --log DIR             keep the runner's output here (default: a temp dir)
#     --per-test-timeout S  a test running longer is killed and counted as
#                           failed (default 60)
#
# Results: PASS, FAIL, CRASH (the runner died or hung in that test; counted as
# a failure), SKIP (WLCS skipped it: a protocol Shoji does not serve),
# DISABLED (DISABLED_ in WLCS itself), NOTRUN (not in the --only list).
#
# The runner is started once per test suite; if it crashes or hangs, the suite
# is resumed after the test that broke it, so one crash hides no results.
set -uo pipefail

filter='*'
expected=''
applicable=''
only=''
results=''
logdir=''
per_test_timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter=$2; shift 2 ;;
    --expected) expected=$2; shift 2 ;;
    --applicable) applicable=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --log) logdir=$2; shift 2 ;;
    --per-test-timeout) per_test_timeout=$2; shift 2 ;;
    -*) echo "run-wlcs: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 2 ]; then
  echo "usage: run-wlcs.sh [--filter P] [--expected F] [--applicable F] [--only F] [--results F] [--log DIR] RUNNER MODULE" >&2
  exit 2
fi
runner=$1
module=$2
[ -x "$runner" ] || { echo "run-wlcs: no WLCS runner at $runner" >&2; exit 2; }
[ -f "$module" ] || { echo "run-wlcs: no module at $module" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$logdir" ] || logdir=$tmp/log
mkdir -p "$logdir"
rm -f "$logdir"/*.log
: > "$tmp/results"

# --- the tests, and which ones run --------------------------------------------

if ! "$runner" "$module" --gtest_list_tests --gtest_filter="$filter" > "$tmp/list.raw" 2>&1; then
  echo "run-wlcs: the runner cannot list its tests:" >&2
  cat "$tmp/list.raw" >&2
  exit 2
fi
# "Suite.\n  name  # GetParam() = ..." -> "Suite.name"
awk '/^[^ ]/ { suite = $1; next } /^  / { print suite $1 }' "$tmp/list.raw" > "$tmp/all"

awk '
  /\.DISABLED_/ { print "DISABLED " $0; next }
' "$tmp/all" >> "$tmp/results"
if [ -n "$only" ]; then
  grep -v '^\s*\(#\|$\)' "$only" | awk '{ print $1 }' | sort > "$tmp/only"
  sort "$tmp/all" | comm -23 - "$tmp/only" | awk '{ print "NOTRUN " $0 }' >> "$tmp/results"
  sort -u -k2,2 "$tmp/results" -o "$tmp/results"
fi
awk '{ print $2 }' "$tmp/results" | sort > "$tmp/not-run"
sort "$tmp/all" | comm -23 - "$tmp/not-run" > "$tmp/to-run"

# --- running, one runner process per suite --------------------------------------

# Parses a runner log: appends "RESULT name" for every finished test to $2,
# and "name what-it-missed" for every test WLCS skipped to $tmp/skip-reasons,
# and prints the name of the test that was running when the log ended, if any.
parse_log() {
  awk -v out="$2" -v reasons="$tmp/skip-reasons" '
    /^\[ RUN      \] / { running = $4; missing = "nothing (a test of the skip itself)"; next }
    /^\[          \] Missing extension: / { missing = $5; sub(/>=.*/, "", missing); next }
    /^\[       OK \] / { name = $4; sub(/,$/, "", name); print "PASS " name >> out; running = ""; next }
    /^\[  FAILED  \] .*\(([0-9]+) ?ms\)$/ {
      name = $4; sub(/,$/, "", name); print "FAIL " name >> out; running = ""; next }
    /^\[     SKIP \] / { name = $4; sub(/,$/, "", name); print "SKIP " name >> out
      print name "\t" missing >> reasons; running = ""; next }
    END { if (running != "") print running }
  ' "$1"
}

# LeakSanitizer (an ASan build) reports at the runner's exit. wlcs 1.5.0 leaks
# one fd event source of its own per test (its ThreadProxy's, allocated in
# wlcs); every other leak is ours and fails the run.
leaks=0
check_leaks() { # $1: log, $2: suite
  grep -q 'ERROR: LeakSanitizer' "$1" || return 0
  local ours
  ours=$(awk '
    /^(Direct|Indirect) leak of/ { if (block != "" && !theirs) print block; block = $0 "\n"; theirs = 0; frame = 0; next }
    block != "" && /^    #[0-9]+ / { block = block $0 "\n"; frame++
      if (frame == 2 && $0 ~ /wl_event_loop_add_fd/) maybe = 1
      if (frame == 3) { theirs = maybe && $0 ~ /wlcs\/wlcs\.asan/; maybe = 0 }
      next }
    block != "" && /^$/ { next }
    block != "" { if (!theirs) print block; block = "" }
    END { if (block != "" && !theirs) print block }
  ' "$1")
  if [ -n "$ours" ]; then
    echo "run-wlcs: LEAKS in $2 (see $1):" >&2
    printf '%b' "$ours" | head -40 >&2
    leaks=1
  fi
}

mapfile -t suites < <(sed -E 's/\.[^.]*$//' "$tmp/to-run" | awk '!seen[$0]++')
for suite in "${suites[@]}"; do
  awk -v s="$suite." 'index($0, s) == 1' "$tmp/to-run" > "$tmp/pending"
  attempt=0
  while [ -s "$tmp/pending" ]; do
    attempt=$((attempt + 1))
    log="$logdir/$(tr '/' '_' <<<"$suite").$attempt.log"
    # The whole suite, or after a crash the tests still pending.
    if [ "$attempt" -eq 1 ]; then
      f="$suite.*"
      # The tests that must not run in this suite: the filter's own negative
      # patterns, and those not run (disabled, or not in --only).
      neg=""
      [[ "$filter" == *-* ]] && neg=":${filter#*-}"
      neg+=$(awk -v s="$suite." 'index($2, s) == 1 { printf ":%s", $2 }' "$tmp/results")
      [ -n "$neg" ] && f="$f-${neg#:}"
    else
      f=$(paste -sd: "$tmp/pending")
    fi
    count=$(wc -l < "$tmp/pending")
    timeout -k 10 $((count * per_test_timeout + 30)) \
      "$runner" "$module" --gtest_filter="$f" --gtest_color=no > "$log" 2>&1
    rc=$?
    : > "$tmp/suite-results"
    broken=$(parse_log "$log" "$tmp/suite-results")
    cat "$tmp/suite-results" >> "$tmp/results"
    check_leaks "$log" "$suite"
    if [ -n "$broken" ]; then
      what="crashed (exit $rc)"
      [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && what="hung (timeout)"
      echo "run-wlcs: $broken $what; see $log" >&2
      echo "CRASH $broken" >> "$tmp/results"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
      echo "run-wlcs: the runner exited with $rc after $suite; see $log" >&2
    fi
    # What is left: pending tests with no result yet.
    awk '{ print $2 }' "$tmp/results" | sort > "$tmp/done"
    sort "$tmp/pending" | comm -23 - "$tmp/done" > "$tmp/pending.next"
    mv "$tmp/pending.next" "$tmp/pending"
    if [ -z "$broken" ] && [ -s "$tmp/pending" ]; then
      echo "run-wlcs: no result for $(wc -l < "$tmp/pending") test(s) of $suite; see $log" >&2
      sed 's/^/CRASH /' "$tmp/pending" >> "$tmp/results"
      : > "$tmp/pending"
    fi
  done
done

[ -n "$results" ] && sort -k2 "$tmp/results" > "$results"

# --- the report ------------------------------------------------------------------

summarize() { # $1: title, stdin: results
  awk -v title="$1" '
    { r = $1; n = $2; s = n; sub(/\.[^.]*$/, "", s)
      if (!(s in seen)) { seen[s] = 1; order[++ns] = s }
      if (r == "PASS") p[s]++; else if (r == "FAIL" || r == "CRASH") f[s]++; else k[s]++
      if (r == "PASS") P++; else if (r == "FAIL" || r == "CRASH") F++; else K++ }
    END {
      printf "\n%s\n", title
      printf "%-60s %5s %5s %5s\n", "suite", "pass", "fail", "skip"
      for (i = 1; i <= ns; i++) { s = order[i]; printf "%-60s %5d %5d %5d\n", s, p[s], f[s], k[s] }
      printf "%-60s %5d %5d %5d   (%d tests)\n", "TOTAL", P, F, K, P + F + K }
  '
}

order_results() { # results in the runner's listing order
  awk 'NR == FNR { r[$2] = $1; next } ($0 in r) { print r[$0], $0 }' "$tmp/results" "$tmp/all"
}

order_results | summarize "WLCS $(pkg-config --modversion wlcs 2>/dev/null) against $(basename "$module" .so), per suite (skip: not run or skipped by WLCS)"
echo
order_results > "$tmp/listed"
line="not run or skipped: $(grep -c '^DISABLED' "$tmp/listed") disabled in WLCS, $(grep -c '^SKIP' "$tmp/listed") skipped by WLCS"
[ -n "$only" ] && line+=", $(grep -c '^NOTRUN' "$tmp/listed") not in $(basename "$only")"
# The reasons of the listed tests only (a suite's runner may run more).
[ -s "$tmp/skip-reasons" ] && awk -F'\t' 'NR == FNR { a[$0] = 1; next } ($1 in a)' "$tmp/all" "$tmp/skip-reasons" > "$tmp/reasons.listed" &&
  mv "$tmp/reasons.listed" "$tmp/skip-reasons"
echo "$line"
if [ -s "$tmp/skip-reasons" ]; then
  # WLCS runs many suites once per surface type, and names the type only in
  # some of them: a filter on names cannot drop every wl_shell or xdg-shell v6
  # case. Say what each skip needed, and the figures without those shells.
  echo "skipped by WLCS, by what it needed: $(awk -F'\t' '{ print $2 }' "$tmp/skip-reasons" | sort | uniq -c | sort -rn |
    awk '{ n = $1; $1 = ""; printf "%s%d %s", (NR > 1 ? ", " : ""), n, substr($0, 2) }')"
  awk -F'\t' '$2 == "wl_shell" || $2 == "zxdg_shell_v6" { print $1 }' "$tmp/skip-reasons" | sort > "$tmp/old-shells"
  order_results | awk 'NR == FNR { o[$1] = 1; next } !($2 in o) && $1 != "DISABLED" && $1 != "NOTRUN"' "$tmp/old-shells" - |
    awk -v old="$(wc -l < "$tmp/old-shells")" '{ n++; if ($1 == "PASS") p++ }
      END { printf "not counting the %d skipped for want of wl_shell or xdg-shell v6: %d of %d tests pass\n", old, p, n }'
fi

if [ -n "$applicable" ]; then
  grep -v '^\s*\(#\|$\)' "$applicable" | awk '{ print $1 }' | sort > "$tmp/applicable"
  order_results | awk 'NR == FNR { a[$1] = 1; next } ($2 in a)' "$tmp/applicable" - \
    | summarize "The applicable tests ($(basename "$applicable"): Shoji's protocols, no wl_shell, xdg v6 or touch)"
fi

failed=$(awk '$1 == "FAIL" || $1 == "CRASH" { print $2 }' "$tmp/results" | sort)
if [ -n "$failed" ]; then
  echo
  echo "failed:"
  sed 's/^/  /' <<<"$failed"
fi

if [ "$leaks" -ne 0 ]; then
  echo
  echo "LeakSanitizer found leaks in the compositor (see above)"
fi
[ -z "$expected" ] && exit "$leaks"

# --- the gate --------------------------------------------------------------------

grep -v '^\s*\(#\|$\)' "$expected" | awk '{ print $1 }' | sort > "$tmp/expected"
unexpected=$(comm -23 <(printf '%s\n' "$failed" | sed '/^$/d') "$tmp/expected")
now_passing=$(awk '$1 == "PASS" { print $2 }' "$tmp/results" | sort | comm -12 - "$tmp/expected")
echo
if [ -n "$now_passing" ]; then
  echo "expected failures that now PASS (remove them from $(basename "$expected")):"
  sed 's/^/  /' <<<"$now_passing"
fi
if [ -n "$unexpected" ]; then
  echo "UNEXPECTED failures (not in $(basename "$expected")):"
  sed 's/^/  /' <<<"$unexpected"
  exit 1
fi
echo "gate: every failure is an expected one ($(wc -l < "$tmp/expected") listed)"
exit "$leaks"
