// PNG files through libpng: screenshots out, reference images in.
#pragma once

#include <string>

#include "util/pixman_image.hpp"

namespace shoji {

// Writes `image` (any 32-bit x8r8g8b8 or a8r8g8b8 image) as an 8-bit RGB PNG
// (RGBA if the image has alpha). On failure returns false and sets `error`.
bool write_png(const std::string& path, pixman_image_t* image, std::string* error);

// Reads a PNG as an a8r8g8b8 image (opaque if the file has no alpha).
// Returns null and sets `error` on failure.
PixmanImage read_png(const std::string& path, std::string* error);

} // namespace shoji
