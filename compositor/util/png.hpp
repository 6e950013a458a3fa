// PNG files: screenshots out (compressed with libdeflate), reference images in
// (read by libpng).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/pixman_image.hpp"

namespace shoji {

// Writes `image` (any 32-bit x8r8g8b8 or a8r8g8b8 image) as an 8-bit RGB PNG
// (RGBA if the image has alpha). The image is used up: the file's rows are
// made in its memory, so a screenshot is never copied whole a second time
// (copy_image first to keep the pixels). On failure returns false and sets
// `error` to one line naming the path and why. The same pixels always give
// the same bytes: the file has no timestamp, text or other varying chunk.
bool write_png(const std::string& path, PixmanImage image, std::string* error);

// 8-bit straight (not premultiplied) RGBA, row after row, as a PNG stores it.
struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; // width * height * 4 bytes: R, G, B, A
    const uint8_t* at(int x, int y) const { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
    uint8_t* at(int x, int y) { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
};
bool write_png(const std::string& path, const RgbaImage& image, std::string* error);
// Reading: any PNG (every colour type and bit depth, converted by libpng) of
// at most kMaxPngPixels: a header may claim any size, and decoding allocates
// 4 bytes a pixel first (16384x16384, the largest output, is 1 GiB). Past it,
// or if the file is unreadable, not a PNG or truncated, the read fails and
// sets `error` to one line, "PATH: why".
constexpr uint64_t kMaxPngPixels = uint64_t(16384) * 16384;
// As RgbaImage.
std::optional<RgbaImage> read_png_rgba(const std::string& path, std::string* error);

// As a premultiplied a8r8g8b8 image (opaque if the file has no alpha).
PixmanImage read_png(const std::string& path, std::string* error);

} // namespace shoji
