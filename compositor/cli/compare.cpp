#include "cli/compare.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "cli/exit_status.hpp"

namespace shoji {

const char* const kCompareUsage =
    "Usage: shoji compare EXPECTED.png ACTUAL.png [--tolerance N] [--max-pixels P] [--diff DIFF.png]\n"
    "\n"
    "Exit 0 if every channel (R, G, B, A) of every pixel of ACTUAL is within N\n"
    "(0 to 255, default 0) of EXPECTED, except at most P pixels (default 0).\n"
    "Exit 1 if not, printing how many pixels differ, the largest difference and\n"
    "their bounding box, or if the sizes differ (printing both). Exit 2 if a file\n"
    "cannot be read or written, or for bad usage.\n"
    "\n"
    "  --tolerance N      largest difference allowed in a channel\n"
    "  --max-pixels P     pixels allowed to differ by more than that\n"
    "  --diff DIFF.png    write ACTUAL dimmed to grey, the differing pixels red\n";

namespace {
constexpr int kDifferent = 1;

int channel_difference(const uint8_t* a, const uint8_t* b) {
    int d = 0;
    for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(int(a[c]) - int(b[c])));
    return d;
}

// Parses a whole decimal string in [min, max].
std::optional<long long> parse_count(const std::string& s, long long min, long long max) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno || *end || v < min || v > max) return std::nullopt;
    return v;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "shoji compare: %s (see shoji compare --help)\n", message.c_str());
    return kExitUsage;
}

std::string plural(uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}
} // namespace

Difference compare_images(const RgbaImage& a, const RgbaImage& b, int tolerance) {
    Difference d;
    int x0 = a.width, y0 = a.height, x1 = -1, y1 = -1;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const int diff = channel_difference(a.at(x, y), b.at(x, y));
            d.largest = std::max(d.largest, diff);
            if (diff <= tolerance) continue;
            ++d.pixels;
            x0 = std::min(x0, x);
            y0 = std::min(y0, y);
            x1 = std::max(x1, x);
            y1 = std::max(y1, y);
        }
    if (d.pixels) {
        d.x = x0;
        d.y = y0;
        d.width = x1 - x0 + 1;
        d.height = y1 - y0 + 1;
    }
    return d;
}

RgbaImage diff_image(const RgbaImage& expected, const RgbaImage& actual, int tolerance) {
    RgbaImage out{actual.width, actual.height, std::vector<uint8_t>(actual.pixels.size())};
    for (int y = 0; y < actual.height; ++y)
        for (int x = 0; x < actual.width; ++x) {
            const uint8_t* p = actual.at(x, y);
            uint8_t* q = out.at(x, y);
            if (channel_difference(expected.at(x, y), p) > tolerance) {
                std::copy(kDiffColour, kDiffColour + 4, q);
                continue;
            }
            // Grey, over black, squeezed into 48..128: enough to recognise
            // the picture, never as bright or as saturated as the marks.
            const uint32_t luma = (77u * p[0] + 150u * p[1] + 29u * p[2]) / 256 * p[3] / 255;
            const uint8_t grey = uint8_t(48 + luma * 80 / 255);
            q[0] = q[1] = q[2] = grey;
            q[3] = 255;
        }
    return out;
}

int run_compare(int argc, const char* const* argv) {
    std::vector<std::string> files;
    int tolerance = 0;
    uint64_t max_pixels = 0;
    std::string diff_path;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::fputs(kCompareUsage, stdout);
            return 0;
        }
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            if (arg == "--") {
                for (++i; i < argc; ++i) files.emplace_back(argv[i]);
                break;
            }
            files.push_back(arg);
            continue;
        }
        // --name value or --name=value, as for shoji's own options.
        std::string name = arg, value;
        const auto eq = arg.find('=');
        if (eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        } else if (name == "--tolerance" || name == "--max-pixels" || name == "--diff") {
            if (i + 1 >= argc) return usage_error("option " + name + " needs a value");
            value = argv[++i];
        }
        if (name == "--tolerance") {
            const auto v = parse_count(value, 0, 255);
            if (!v) return usage_error("invalid value '" + value + "' for --tolerance: expected 0 to 255");
            tolerance = int(*v);
        } else if (name == "--max-pixels") {
            const auto v = parse_count(value, 0, 1LL << 62);
            if (!v) return usage_error("invalid value '" + value + "' for --max-pixels: expected a count, 0 or more");
            max_pixels = uint64_t(*v);
        } else if (name == "--diff") {
            if (value.empty()) return usage_error("invalid value '' for --diff: expected a file path");
            diff_path = value;
        } else {
            return usage_error("unknown option '" + arg + "'");
        }
    }
    if (files.size() != 2)
        return usage_error("expected EXPECTED.png and ACTUAL.png, got " + plural(files.size(), "file", "files"));

    std::string error;
    const auto expected = read_png_rgba(files[0], &error);
    if (!expected) {
        std::fprintf(stderr, "shoji compare: cannot read %s\n", error.c_str());
        return kExitUsage;
    }
    const auto actual = read_png_rgba(files[1], &error);
    if (!actual) {
        std::fprintf(stderr, "shoji compare: cannot read %s\n", error.c_str());
        return kExitUsage;
    }
    if (expected->width != actual->width || expected->height != actual->height) {
        std::printf("sizes differ: %s is %dx%d, %s is %dx%d%s\n", files[0].c_str(), expected->width,
                    expected->height, files[1].c_str(), actual->width, actual->height,
                    diff_path.empty() ? "" : " (no diff written)");
        return kDifferent;
    }

    const Difference d = compare_images(*expected, *actual, tolerance);
    if (!diff_path.empty() && !write_png(diff_path, diff_image(*expected, *actual, tolerance), &error)) {
        std::fprintf(stderr, "shoji compare: cannot write the diff: %s\n", error.c_str());
        return kExitUsage;
    }
    std::string line = plural(d.pixels, "pixel differs", "pixels differ") + " by more than " +
                       std::to_string(tolerance) + " (largest difference " + std::to_string(d.largest) + ")";
    if (d.pixels)
        line += ", in the box " + std::to_string(d.x) + "," + std::to_string(d.y) + " " + std::to_string(d.width) +
                "x" + std::to_string(d.height);
    if (max_pixels) line += "; at most " + std::to_string(max_pixels) + " allowed";
    std::printf("%s\n", line.c_str());
    return d.pixels > max_pixels ? kDifferent : 0;
}

} // namespace shoji
