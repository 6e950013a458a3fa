#include "util/scale.hpp"

#include <cstdio>

namespace shoji {

std::string format_scale(int32_t scale120) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", double(scale120) / kScaleUnit);
    std::string s = text;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

} // namespace shoji
