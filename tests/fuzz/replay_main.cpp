// The replay program of a fuzz target: linked with a target's
// LLVMFuzzerTestOneInput (built with -DSHOJI_FUZZ_REPLAY_MAIN, so that each
// input gets a fresh server), it runs every input once. The meson tests
// fuzz-seeds-replay and ctl-fuzz-replay run the seed corpora and every past
// finding with it, in every build (gcc too).
#include <cstddef>
#include <cstdint>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// Usage: fuzz-seeds-replay|ctl-fuzz-replay DIR|FILE...  (a missing directory is skipped, so
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
