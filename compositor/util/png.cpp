#include "util/png.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <png.h>

namespace shoji {

namespace {
struct FileCloser {
    void operator()(FILE* f) const { if (f) std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;
} // namespace

bool write_png(const std::string& path, pixman_image_t* image, std::string* error) {
    const pixman_format_code_t format = pixman_image_get_format(image);
    if (format != PIXMAN_x8r8g8b8 && format != PIXMAN_a8r8g8b8) {
        *error = "unsupported image format for PNG";
        return false;
    }
    const bool alpha = format == PIXMAN_a8r8g8b8;
    const int width = pixman_image_get_width(image);
    const int height = pixman_image_get_height(image);
    const int stride = pixman_image_get_stride(image);
    const auto* data = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image));

    File file(std::fopen(path.c_str(), "wb"));
    if (!file) {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        *error = "out of memory";
        return false;
    }
    const int channels = alpha ? 4 : 3;
    std::vector<uint8_t> row(size_t(width) * channels);
    // libpng reports errors by longjmp; no C++ object with a destructor may be
    // created between setjmp and the end of this block.
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        *error = "libpng failed writing " + path;
        return false;
    }
    png_init_io(png, file.get());
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8,
                 alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride));
        uint8_t* out = row.data();
        for (int x = 0; x < width; ++x) {
            const uint32_t p = px[x];
            uint32_t a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (alpha && a != 0 && a != 255) {
                // pixman stores premultiplied alpha; PNG wants straight alpha.
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            *out++ = uint8_t(r);
            *out++ = uint8_t(g);
            *out++ = uint8_t(b);
            if (alpha) *out++ = uint8_t(a);
        }
        png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    if (std::fflush(file.get()) != 0) {
        *error = "cannot write " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

PixmanImage read_png(const std::string& path, std::string* error) {
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path.c_str())) {
        *error = path + ": " + img.message;
        return nullptr;
    }
    // BGRA in memory is a8r8g8b8 on little-endian machines.
    img.format = PNG_FORMAT_BGRA;
    PixmanImage out = make_image(PIXMAN_a8r8g8b8, int(img.width), int(img.height));
    if (!out || !png_image_finish_read(&img, nullptr, pixman_image_get_data(out.get()),
                                       pixman_image_get_stride(out.get()), nullptr)) {
        *error = path + ": " + img.message;
        png_image_free(&img);
        return nullptr;
    }
    // Straight → premultiplied, as pixman expects.
    auto* px = pixman_image_get_data(out.get());
    const size_t n = size_t(img.width) * img.height;
    for (size_t i = 0; i < n; ++i) {
        uint32_t p = px[i], a = p >> 24;
        if (a == 255) continue;
        auto mul = [a](uint32_t c) { return (c * a + 127) / 255; };
        px[i] = (a << 24) | (mul((p >> 16) & 0xff) << 16) | (mul((p >> 8) & 0xff) << 8) | mul(p & 0xff);
    }
    return out;
}

} // namespace shoji
