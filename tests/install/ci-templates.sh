#!/bin/sh
# The CI templates of docs/ci cannot rot: both (GitHub Actions, GitLab CI)
# are valid YAML, run in a Debian 12 container, install shoji from the
# package, run docs/ci/shoji-ui-test.sh on the client and keep its artifact
# directory even when the job fails; and that script, run here as those jobs
# run it, against a real client (weston-terminal with a shell that prints a
# line and waits), makes the reference with UPDATE_GOLDEN=1, then passes
# against it, and fails (exit 1) against another picture with diff.png,
# compare.txt and shoji.log kept.
#   ci-templates.sh SOURCE_ROOT
set -eu
root=${1:?usage: ci-templates.sh SOURCE_ROOT}
: "${SHOJI:?set SHOJI to the shoji executable}"
ci=$root/docs/ci
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/work/shoji-artifacts/*.log "$tmp"/work/shoji-artifacts/*.txt "$tmp/err"; do
        [ -s "$f" ] && { echo "--- $f:" >&2; tail -n 20 "$f" >&2; }
    done
    exit 1
}

echo "check: the templates' structure"
python3 - "$ci/github-actions.yml" "$ci/gitlab-ci.yml" <<'PY' || fail "the templates do not run the script as documented"
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
job = gh["jobs"]["ui-test"]
assert job["container"] == "debian:12", "github: not in debian:12"
runs = "\n".join(s.get("run", "") for s in job["steps"])
assert "apt-get install" in runs and "shoji.deb" in runs, "github: does not install the package"
assert "ci/shoji-ui-test.sh golden/" in runs, "github: does not run shoji-ui-test.sh"
up = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
assert up and up[0]["with"]["path"].rstrip("/") == "shoji-artifacts" and up[0].get("if") == "always()", \
    "github: does not upload shoji-artifacts/ always"
j = gl["ui-test"]
assert j["image"] == "debian:12", "gitlab: not in debian:12"
assert any("apt-get install" in l and "shoji.deb" in l for l in j["before_script"]), "gitlab: does not install the package"
assert any("ci/shoji-ui-test.sh golden/" in l for l in j["script"]), "gitlab: does not run shoji-ui-test.sh"
assert j["artifacts"]["when"] == "always" and [p.rstrip("/") for p in j["artifacts"]["paths"]] == ["shoji-artifacts"], \
    "gitlab: does not keep shoji-artifacts/ always"
PY

command -v weston-terminal >/dev/null || { echo "SKIP: weston-terminal not installed"; exit 77; }
export XDG_RUNTIME_DIR="$tmp/runtime" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# As the templates lay it out: the script in ci/, run from the checkout.
mkdir -p "$tmp/work/ci"
cp "$ci/shoji-ui-test.sh" "$tmp/work/ci/"
cd "$tmp/work"
cat >quiet-shell <<'SCRIPT'
#!/bin/sh
echo "${LINE:-CI template}"
exec sleep 600
SCRIPT
chmod +x quiet-shell
client() { SIZE=480x320 TIMEOUT=20 ci/shoji-ui-test.sh "$@" -- weston-terminal --shell="$PWD/quiet-shell"; }

echo "check: UPDATE_GOLDEN=1 writes the reference"
UPDATE_GOLDEN=1 client golden/client.png >/dev/null 2>"$tmp/err" || fail "making the reference exited $?"
[ -s golden/client.png ] || fail "no golden/client.png"
[ -s shoji-artifacts/shoji.log ] || fail "no shoji.log artifact"

echo "check: the next run matches it, exit 0, no diff.png"
status=0
client golden/client.png >/dev/null 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "the run against its own reference exited $status"
[ -s shoji-artifacts/screenshot.png ] || fail "no screenshot.png artifact"
[ ! -e shoji-artifacts/diff.png ] || fail "diff.png kept although the pictures match"

echo "check: against another picture it exits 1 and keeps diff.png and compare.txt"
LINE="another line" UPDATE_GOLDEN=1 client golden/other.png >/dev/null 2>"$tmp/err" || fail "making another reference exited $?"
status=0
client golden/other.png >/dev/null 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || fail "the run against another picture exited $status, expected 1"
[ -s shoji-artifacts/diff.png ] && [ -s shoji-artifacts/compare.txt ] || fail "no diff.png or compare.txt kept"

echo "check: a client that is not found: 125 (no window to capture wins over the command's 127), and the log says why"
status=0
ci/shoji-ui-test.sh golden/client.png -- no-such-client-here >/dev/null 2>"$tmp/err" || status=$?
[ "$status" -eq 125 ] || fail "a missing client gave $status, expected 125"
grep -q "cannot run 'no-such-client-here'" shoji-artifacts/shoji.log || fail "shoji.log does not say the client cannot run"
echo "PASS: ci-templates"
