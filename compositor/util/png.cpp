#include "util/png.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include <png.h>

namespace shoji {

namespace {
struct FileCloser {
    void operator()(FILE* f) const { if (f) std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

// libpng reports errors through callbacks: keep the message (and the errno
// of a failed write) for the caller instead of libpng's own line on stderr.
struct WriteState {
    FILE* file;
    std::string error;
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
    auto* state = static_cast<WriteState*>(png_get_error_ptr(png));
    if (state->error.empty()) state->error = message;
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void on_png_write(png_structp png, png_bytep data, png_size_t length) {
    auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
    if (std::fwrite(data, 1, length, state->file) != length) {
        state->error = std::strerror(errno);
        png_error(png, "write failed");
    }
}

void on_png_flush(png_structp png) {
    auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
    if (std::fflush(state->file) != 0) {
        state->error = std::strerror(errno);
        png_error(png, "flush failed");
    }
}

// Writes an 8-bit RGB or RGBA PNG whose rows `fill_row` produces.
bool write_rows(const std::string& path, int width, int height, bool alpha,
                const std::function<void(int y, uint8_t* row)>& fill_row, std::string* error) {
    File file(std::fopen(path.c_str(), "wb"));
    if (!file) {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    WriteState state{file.get(), {}};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        *error = "out of memory";
        return false;
    }
    std::vector<uint8_t> row(size_t(width) * (alpha ? 4 : 3));
    // libpng reports errors by longjmp; no C++ object with a destructor may be
    // created between setjmp and the end of this block.
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        *error = "cannot write " + path + ": " + state.error;
        return false;
    }
    png_set_write_fn(png, &state, on_png_write, on_png_flush);
    // The same pixels give the same bytes: fixed compression settings, and
    // no chunk but IHDR, IDAT and IEND (no tIME, text or gamma).
    png_set_compression_level(png, 6);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_ALL_FILTERS);
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8,
                 alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        fill_row(y, row.data());
        png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    // A write error may only show when the last bytes leave stdio's buffer.
    FILE* f = file.release();
    const bool flushed = std::fflush(f) == 0 && !std::ferror(f);
    const int flush_errno = errno;
    if (std::fclose(f) != 0 || !flushed) {
        *error = "cannot write " + path + ": " + std::strerror(flushed ? errno : flush_errno);
        return false;
    }
    return true;
}
} // namespace

bool write_png(const std::string& path, pixman_image_t* image, std::string* error) {
    const pixman_format_code_t format = pixman_image_get_format(image);
    if (format != PIXMAN_x8r8g8b8 && format != PIXMAN_a8r8g8b8) {
        *error = "unsupported image format for PNG";
        return false;
    }
    const bool alpha = format == PIXMAN_a8r8g8b8;
    const int stride = pixman_image_get_stride(image);
    const auto* data = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image));
    auto fill_row = [&](int y, uint8_t* out) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride));
        for (int x = 0; x < pixman_image_get_width(image); ++x) {
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
    };
    return write_rows(path, pixman_image_get_width(image), pixman_image_get_height(image), alpha,
                      fill_row, error);
}

bool write_png(const std::string& path, const RgbaImage& image, std::string* error) {
    const size_t row_bytes = size_t(image.width) * 4;
    return write_rows(path, image.width, image.height, true,
                      [&](int y, uint8_t* out) {
                          std::memcpy(out, image.pixels.data() + size_t(y) * row_bytes, row_bytes);
                      },
                      error);
}

std::optional<RgbaImage> read_png_rgba(const std::string& path, std::string* error) {
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path.c_str())) {
        *error = path + ": " + img.message;
        return std::nullopt;
    }
    img.format = PNG_FORMAT_RGBA;
    RgbaImage out;
    out.width = int(img.width);
    out.height = int(img.height);
    out.pixels.resize(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, nullptr, out.pixels.data(), 0, nullptr)) {
        *error = path + ": " + img.message;
        png_image_free(&img);
        return std::nullopt;
    }
    return out;
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
