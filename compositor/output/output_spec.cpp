#include "output/output_spec.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace shoji {

namespace {
bool parse_long(const std::string& s, long min, long max, long* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}
} // namespace

bool parse_output_size(const std::string& text, int32_t* width, int32_t* height, std::string* error) {
    const size_t x = text.find('x');
    long w = 0, h = 0;
    if (x == std::string::npos || !parse_long(text.substr(0, x), 1, kMaxOutputSide, &w) ||
        !parse_long(text.substr(x + 1), 1, kMaxOutputSide, &h)) {
        *error = "size '" + text + "': expected WIDTHxHEIGHT, each 1 to " + std::to_string(kMaxOutputSide);
        return false;
    }
    *width = int32_t(w);
    *height = int32_t(h);
    return true;
}

bool parse_output_scale(const std::string& text, int32_t* scale120, std::string* error) {
    // Decimal digits and one point only: no sign, exponent, hex, inf or nan.
    bool digits = false, point = false, ok = !text.empty();
    for (const char c : text) {
        if (c >= '0' && c <= '9') digits = true;
        else if (c == '.' && !point) point = true;
        else ok = false;
    }
    if (ok && digits && text.size() <= 16) {
        const double d = std::strtod(text.c_str(), nullptr);
        if (int32_t n = 0; scale120_from_double(d, &n)) {
            *scale120 = n;
            return true;
        }
    }
    *error = "scale '" + text + "': expected a number from 1 to " + std::to_string(kMaxOutputScale) +
             " (rounded to the nearest 1/120)";
    return false;
}

bool scale120_from_double(double scale, int32_t* scale120) {
    if (!(scale >= 1.0 - 0.5 / kScaleUnit) || !(scale < kMaxOutputScale + 0.5 / kScaleUnit)) return false;
    const auto n = int32_t(std::lround(scale * kScaleUnit));
    if (n < kScaleUnit || n > kMaxOutputScale * kScaleUnit) return false;
    *scale120 = n;
    return true;
}

bool parse_output_refresh(const std::string& text, int32_t* hz, std::string* error) {
    long n = 0;
    if (!parse_long(text, 1, kMaxOutputRefreshHz, &n)) {
        *error = "refresh '" + text + "': expected an integer from 1 to " + std::to_string(kMaxOutputRefreshHz) + " (Hz)";
        return false;
    }
    *hz = int32_t(n);
    return true;
}

bool parse_output_position(const std::string& text, int32_t* x, int32_t* y, std::string* error) {
    const size_t colon = text.find(':');
    long px = 0, py = 0;
    if (colon == std::string::npos || !parse_long(text.substr(0, colon), -kMaxOutputPosition, kMaxOutputPosition, &px) ||
        !parse_long(text.substr(colon + 1), -kMaxOutputPosition, kMaxOutputPosition, &py)) {
        *error = "position '" + text + "': expected X:Y, each from " + std::to_string(-kMaxOutputPosition) + " to " +
                 std::to_string(kMaxOutputPosition);
        return false;
    }
    *x = int32_t(px);
    *y = int32_t(py);
    return true;
}

bool valid_output_name(const std::string& name, std::string* error) {
    if (name.empty() || name.size() > kMaxOutputNameBytes) {
        *error = "name '" + name + "': expected 1 to " + std::to_string(kMaxOutputNameBytes) + " characters";
        return false;
    }
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) {
            *error = "name '" + name + "': only letters, digits, '-', '_' and '.'";
            return false;
        }
    }
    if (name.rfind("HEADLESS-", 0) == 0) {
        *error = "name '" + name + "': HEADLESS-N names are wlroots' own (an unnamed output may get it)";
        return false;
    }
    return true;
}

bool check_size_and_scale(int32_t width, int32_t height, int32_t scale120, std::string* error) {
    const int64_t w = int64_t(width) * kScaleUnit, h = int64_t(height) * kScaleUnit;
    if (w % scale120 == 0 && h % scale120 == 0) return true;
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (scale120 % kScaleUnit == 0) {
        *error = "size " + size + " is not a multiple of scale " + format_scale(scale120);
        return false;
    }
    char logical[64];
    std::snprintf(logical, sizeof logical, "%.2fx%.2f", double(w) / scale120, double(h) / scale120);
    *error = "size " + size + " at scale " + format_scale(scale120) + " is " + logical +
             " logical pixels: each side must divide to a whole number";
    return false;
}

std::optional<OutputConfig> parse_output_spec(const std::string& spec, std::string* error) {
    const std::vector<std::string> parts = split(spec, ',');
    OutputConfig config;
    // WxH[@HZ]
    std::string mode = parts[0];
    if (const size_t at = mode.find('@'); at != std::string::npos) {
        if (!parse_output_refresh(mode.substr(at + 1), &config.refresh_hz, error)) return std::nullopt;
        mode = mode.substr(0, at);
    }
    if (!parse_output_size(mode, &config.width, &config.height, error)) return std::nullopt;
    bool scale_seen = false, name_seen = false, at_seen = false;
    for (size_t i = 1; i < parts.size(); ++i) {
        const std::string& part = parts[i];
        const size_t eq = part.find('=');
        const std::string key = part.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
        bool* seen = key == "scale" ? &scale_seen : key == "name" ? &name_seen : key == "at" ? &at_seen : nullptr;
        if (!seen || eq == std::string::npos) {
            *error = "'" + part + "': expected scale=S, name=NAME or at=X:Y";
            return std::nullopt;
        }
        if (*seen) {
            *error = "'" + key + "=' is given twice";
            return std::nullopt;
        }
        *seen = true;
        if (key == "scale" && !parse_output_scale(value, &config.scale120, error)) return std::nullopt;
        if (key == "name") {
            if (!valid_output_name(value, error)) return std::nullopt;
            config.name = value;
        }
        if (key == "at") {
            if (!parse_output_position(value, &config.x, &config.y, error)) return std::nullopt;
            config.positioned = true;
        }
    }
    if (!check_size_and_scale(config.width, config.height, config.scale120, error)) return std::nullopt;
    return config;
}

} // namespace shoji
