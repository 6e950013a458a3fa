// server_fuzzer: libFuzzer target. Each input is one client's session with an
// in-process headless Shoji: wire bytes, requests built from the protocol's
// own tables, real memfds (sized, filled, sealed, truncated by the input) and
// output frames, as fuzz_input.hpp describes. Crashes, sanitizer reports,
// leaks and state left behind are findings; protocol errors and
// disconnections are the server doing its job.
//
// The fuzzer keeps one server for many inputs (PersistentServer: a fresh
// client connection per input, the server checked back in its initial state
// after each and restarted now and then); SHOJI_FUZZ_FRESH=1 makes it start
// a server per input instead, as the replay does.
//
// Built twice (tests/fuzz/meson.build): with clang and -fsanitize=fuzzer by
// scripts/fuzz, and with -DSHOJI_FUZZ_REPLAY_MAIN and replay_main.cpp as a
// plain program that runs each given input once in a fresh server, so the
// normal build replays the seed corpus and every past finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#ifdef SHOJI_FUZZ_REPLAY_MAIN
    shoji::fuzz::run_session(data, size); // a fresh server for each input
#else
    static const bool fresh = [] {
        const char* e = std::getenv("SHOJI_FUZZ_FRESH");
        return e && std::strcmp(e, "1") == 0;
    }();
    static auto* persistent = new shoji::fuzz::PersistentServer; // lives until exit
    if (fresh) shoji::fuzz::run_session(data, size);
    else persistent->run(data, size);
#endif
    return 0;
}
