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
// scripts/fuzz, and, with -DSHOJI_FUZZ_REPLAY_MAIN, as a plain program that
// runs every file of the given directories once, so the normal build replays
// the seed corpus and every past crash as a regression test.
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

#ifdef SHOJI_FUZZ_REPLAY_MAIN
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// Usage: fuzz-seeds-replay DIR|FILE...  (a missing directory is skipped, so
// an empty crashes/ that git does not keep is fine). Files whose names start
// with '.' or end in ".md" are not inputs.
int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg = argv[i];
        if (fs::is_directory(arg)) {
            for (const auto& entry : fs::directory_iterator(arg)) {
                const std::string name = entry.path().filename().string();
                if (entry.is_regular_file() && name[0] != '.' && entry.path().extension() != ".md")
                    inputs.push_back(entry.path());
            }
        } else if (fs::is_regular_file(arg)) {
            inputs.push_back(arg);
        } else {
            std::printf("skipping %s: no such file or directory\n", argv[i]);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    for (const fs::path& path : inputs) {
        std::ifstream file(path, std::ios::binary);
        const std::vector<uint8_t> data{std::istreambuf_iterator<char>(file), {}};
        std::printf("%s (%zu bytes)\n", path.c_str(), data.size());
        std::fflush(stdout); // so a crash names its input
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("replayed %zu inputs\n", inputs.size());
    return inputs.empty() ? 1 : 0;
}
#endif
