// PNG files through libpng: screenshots out, reference images in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/pixman_image.hpp"

namespace shoji {

// Writes `image` (any 32-bit x8r8g8b8 or a8r8g8b8 image) as an 8-bit RGB PNG
// (RGBA if the image has alpha). On failure returns false and sets `error` to
// one line naming the path and why. The same pixels always give the same
// bytes: the file has no timestamp, text or other varying chunk.
bool write_png(const std::string& path, pixman_image_t* image, std::string* error);

// 8-bit straight (not premultiplied) RGBA, row after row, as a PNG stores it.
struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; // width * height * 4 bytes: R, G, B, A
    const uint8_t* at(int x, int y) const { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
    uint8_t* at(int x, int y) { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
};
bool write_png(const std::string& path, const RgbaImage& image, std::string* error);
// Any PNG (every colour type and bit depth, converted by libpng) as RgbaImage.
// On failure (unreadable, not a PNG, truncated) sets `error` to "PATH: why".
std::optional<RgbaImage> read_png_rgba(const std::string& path, std::string* error);

// Reads a PNG as an a8r8g8b8 image (opaque if the file has no alpha).
// Returns null and sets `error` on failure.
PixmanImage read_png(const std::string& path, std::string* error);

} // namespace shoji
