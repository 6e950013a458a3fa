#!/bin/sh
# scripts/check-docs catches what it claims to: on a copy of the tree, a new
# document with one broken reference of each kind (next to good ones) gives
# exactly one line per broken reference, naming the file and line; renaming a
# source file makes the documents that cite it fail; the untouched copy passes
# as far as the new document goes.
#   check-docs-test.sh SOURCE_ROOT CHECK_DOCS
set -eu
root=${1:?usage: check-docs-test.sh SOURCE_ROOT CHECK_DOCS}
check_docs=${2:?usage: check-docs-test.sh SOURCE_ROOT CHECK_DOCS}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; echo "--- check-docs said:" >&2; cat "$tmp/out" >&2; exit 1; }

# The copy: the files git knows (a source tarball has no .git: everything but build dirs).
copy="$tmp/tree"
mkdir "$copy"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$copy" 2>/dev/null) || true
else
    (cd "$root" && tar --exclude='./build*' --exclude=./.git -cf - .) | (cd "$copy" && tar -xf -)
fi

run() { status=0; "$check_docs" "$copy" >"$tmp/out" 2>&1 || status=$?; }

run
baseline=$(grep -c '^docs/seeded.md:' "$tmp/out" || true)
[ "$baseline" -eq 0 ] || fail "a document that does not exist yet has problems"

# The planning document outside the tree, spelled so that this file does not name it.
outside=$(echo design | tr a-z A-Z).md
cat >"$copy/docs/seeded.md" <<'DOC'
# Seeded

Good: `compositor/shm/shm_access.cpp`, `shm/attached_buffer.{hpp,cpp}`, `ShmAccess::ShmAccess`,
`shoji::Server::seat()`, `ShmGuardTest.the_sigbus_handler_is_libwaylands`, `ShmGuardTest.*`,
`DesignTable/BadBufferTest.create_buffer_is_invalid_stride/stride_in_pixels`,
[security](security.md), the meson tests `unit` and `shm-guard`, `tests/protocol/*.cpp`.
Bad path: `compositor/shm/no_such_file.cpp`.
Bad member: `ShmAccess::no_such_member`.
Bad test: `ShmGuardTest.no_such_test`.
Bad link: [nowhere](no-such-document.md).
Bad anchor: [nowhere](seeded.md#no-such-heading).
Bad section: see docs/seeded.md, “No such section”.
Bad meson test: the meson test `no-such-meson-test`.
Bad line: `compositor/main.cpp:100000`.
Outside: OUTSIDE_DOCUMENT.
Unreadable: as issue 12 said.
DOC
sed -i "s/OUTSIDE_DOCUMENT/$outside/" "$copy/docs/seeded.md"
run
[ "$status" -eq 1 ] || fail "exit status $status with broken references, expected 1"
for want in 'docs/seeded.md:7: `compositor/shm/no_such_file.cpp`' \
            'docs/seeded.md:8: `ShmAccess::no_such_member`' \
            'docs/seeded.md:9: `ShmGuardTest.no_such_test`' \
            'docs/seeded.md:10: `no-such-document.md`' \
            'docs/seeded.md:11: `seeded.md#no-such-heading`' \
            'docs/seeded.md:12: `docs/seeded.md, “No such section”`' \
            'docs/seeded.md:13: `no-such-meson-test`' \
            'docs/seeded.md:14: `compositor/main.cpp:100000`' \
            "docs/seeded.md:15: \`$outside\`" \
            'docs/seeded.md:16: `issue 12`'; do
    grep -qF -- "$want" "$tmp/out" || fail "no problem reported for $want"
done
n=$(grep -c '^docs/seeded.md:' "$tmp/out")
[ "$n" -eq 10 ] || fail "$n problems reported in docs/seeded.md, expected 10 (the good references must pass)"
rm "$copy/docs/seeded.md"

# A source file renamed under the documents that cite it.
mv "$copy/compositor/client_reaper.cpp" "$copy/compositor/reaper.cpp"
run
[ "$status" -eq 1 ] || fail "exit status $status after renaming compositor/client_reaper.cpp, expected 1"
grep -q 'client_reaper.*no such file' "$tmp/out" || fail "the renamed file is not reported"

echo "PASS: check-docs reports each broken reference"
