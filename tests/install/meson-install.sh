#!/bin/sh
# `meson install` into a scratch DESTDIR delivers what the README says: the
# shoji executable (which runs from there, with ctl and compare), the man
# pages (man finds them), the bash completion (it completes), docs/ as
# share/doc/shoji, and libshoji: its one header, the archive and the .pc
# file, against which the example of docs/examples/in-process builds with
# pkg-config only (PKG_CONFIG_SYSROOT_DIR, as for any DESTDIR) and passes.
#   meson-install.sh BUILD_ROOT      (env: PREFIX, LIBDIR, SANITIZE)
set -eu
build=${1:?usage: meson-install.sh BUILD_ROOT}
: "${PREFIX:?}" "${LIBDIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
fail() { echo "FAIL: $*" >&2; exit 1; }

root=$tmp/root
p=$root$PREFIX
echo "check: meson install --destdir"
meson install -C "$build" --destdir "$root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; fail "meson install failed"; }

for f in bin/shoji share/man/man1/shoji.1 share/man/man1/shoji-ctl.1 share/man/man1/shoji-compare.1 \
    share/bash-completion/completions/shoji share/doc/shoji/testing-clients.md \
    share/doc/shoji/ci/github-actions.yml share/doc/shoji/ci/gitlab-ci.yml share/doc/shoji/ci/shoji-ui-test.sh \
    share/doc/shoji/examples/in-process/example_test.cpp share/doc/shoji/examples/in-process/Makefile \
    include/shoji/shoji.hpp "$LIBDIR/libshoji.a" "$LIBDIR/pkgconfig/shoji.pc"; do
    [ -e "$p/$f" ] || fail "meson install did not install $f"
done
echo "check: only the one public header is installed"
[ "$(find "$p/include" -type f | wc -l)" -eq 1 ] || fail "headers besides shoji/shoji.hpp: $(find "$p/include" -type f)"
echo "check: the header includes only the C++ standard library"
others=$(grep -E '^#[[:space:]]*include' "$p/include/shoji/shoji.hpp" |
    grep -vE '<(cstdint|memory|optional|stdexcept|string|vector)>' || true)
[ -z "$others" ] || fail "shoji.hpp includes more than the standard library: $others"
[ ! -e "$p/share/doc/shoji/meson.build" ] && [ ! -e "$p/share/doc/shoji/man" ] ||
    fail "the build files or man sources went into share/doc/shoji"

echo "check: the installed shoji runs: --version, -- true, ctl --help, compare --help"
"$p/bin/shoji" --version | grep -q '^built with wlroots' || fail "installed shoji --version"
"$p/bin/shoji" -- true || fail "installed shoji -- true exited $?"
"$p/bin/shoji" ctl --help | grep -q '^Usage: shoji ctl' || fail "installed shoji ctl --help"
"$p/bin/shoji" compare --help | grep -q '^Usage: shoji compare' || fail "installed shoji compare --help"

echo "check: man finds the three pages in the installed tree"
if command -v man >/dev/null; then
    for page in shoji shoji-ctl shoji-compare; do
        MANPATH="$p/share/man" man -w "$page" >/dev/null 2>&1 || fail "man -w $page finds nothing"
    done
    MANPATH="$p/share/man" MANWIDTH=80 man shoji-ctl 2>/dev/null | grep -q 'wait idle' || fail "man shoji-ctl shows no 'wait idle'"
fi

echo "check: the bash completion completes options, subcommands and ctl commands"
if command -v bash >/dev/null; then
    complete_words() { # the words bash would offer for "$*"
        bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _shoji; printf "%s\n" "${COMPREPLY[@]}"' \
            sh "$p/share/bash-completion/completions/shoji" "$@"
    }
    complete_words shoji --unt | grep -qx -- '--until' || fail "shoji --unt does not complete to --until"
    complete_words shoji --backend "" | grep -qx 'x11' || fail "--backend does not offer x11"
    complete_words shoji c | grep -qx 'ctl' || fail "shoji c does not offer ctl"
    complete_words shoji ctl wait "" | grep -qx 'idle' || fail "shoji ctl wait does not offer idle"
    complete_words shoji ctl click --b | grep -qx -- '--button' || fail "shoji ctl click --b does not offer --button"
fi

case ${SANITIZE:-none} in
none | "") ;;
*) echo "SKIP: the example links the installed archive without -fsanitize (this build: $SANITIZE)"; exit 77 ;;
esac
command -v c++ >/dev/null && command -v make >/dev/null || { echo "SKIP: no c++ or make"; exit 77; }
pkg-config --exists gtest_main || { echo "SKIP: no gtest_main.pc"; exit 77; }

echo "check: the example builds with pkg-config only against the installed copy, and passes"
cp -r "$p/share/doc/shoji/examples/in-process" "$tmp/example"
PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$p/$LIBDIR/pkgconfig" \
    CXXFLAGS=-O0 make -C "$tmp/example" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log" >&2; fail "the example did not build"; }
# The only include directory is the installed one (no source tree).
grep -q "$build\|compositor/" "$tmp/make.log" && fail "the example build used the build or source tree"
"$tmp/example/example_test" >"$tmp/example.log" 2>&1 || { cat "$tmp/example.log" >&2; fail "the example test failed"; }
grep -E '^\[  (PASSED|SKIPPED) ' "$tmp/example.log"
echo "PASS: meson-install"
