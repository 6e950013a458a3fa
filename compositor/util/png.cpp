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

namespace {
// A PNG being read: the file in memory, its header read by libpng. Reading
// from memory (not stdio) tells a file that ends early from one that cannot
// be read, so the error can say which.
class PngReader {
public:
    ~PngReader() { png_image_free(&image_); }

    // Reads the file and its header; false, with `error` set, if it cannot.
    bool open(const std::string& path, std::string* error) {
        File file(std::fopen(path.c_str(), "rb"));
        if (!file) return fail(error, path + ": " + std::strerror(errno));
        char chunk[65536];
        for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0;) data_.insert(data_.end(), chunk, chunk + n);
        if (std::ferror(file.get())) return fail(error, path + ": " + std::strerror(errno));
        if (data_.size() < 8 || png_sig_cmp(data_.data(), 0, 8) != 0)
            return fail(error, path + ": not a PNG file (" + std::to_string(data_.size()) + " bytes, no PNG signature)");
        std::memset(&image_, 0, sizeof image_);
        image_.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_memory(&image_, data_.data(), data_.size())) return fail(error, describe(path));
        if (uint64_t(image_.width) * image_.height > kMaxPngPixels)
            return fail(error, path + ": " + std::to_string(image_.width) + "x" + std::to_string(image_.height) +
                                   " pixels, more than the " + std::to_string(kMaxPngPixels) + " Shoji reads");
        return true;
    }
    int width() const { return int(image_.width); }
    int height() const { return int(image_.height); }

    // Decodes the pixels as `format` (a PNG_FORMAT_*) into `out`, rows
    // `stride` bytes apart.
    bool finish(const std::string& path, uint32_t format, void* out, int stride, std::string* error) {
        image_.format = format;
        if (!png_image_finish_read(&image_, nullptr, out, stride, nullptr)) return fail(error, describe(path));
        return true;
    }

private:
    static bool fail(std::string* error, const std::string& message) {
        *error = message;
        return false;
    }
    std::string describe(const std::string& path) const {
        // libpng's memory reader says this when the data runs out.
        if (std::strstr(image_.message, "beyond end of data"))
            return path + ": truncated: the PNG data ends after " + std::to_string(data_.size()) + " bytes";
        return path + ": not a valid PNG file (libpng: " + image_.message + ")";
    }

    std::vector<uint8_t> data_;
    png_image image_{};
};
} // namespace

std::optional<RgbaImage> read_png_rgba(const std::string& path, std::string* error) {
    PngReader reader;
    if (!reader.open(path, error)) return std::nullopt;
    RgbaImage out;
    out.width = reader.width();
    out.height = reader.height();
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 4);
    if (!reader.finish(path, PNG_FORMAT_RGBA, out.pixels.data(), out.width * 4, error)) return std::nullopt;
    return out;
}

PixmanImage read_png(const std::string& path, std::string* error) {
    PngReader reader;
    if (!reader.open(path, error)) return nullptr;
    PixmanImage out = make_image(PIXMAN_a8r8g8b8, reader.width(), reader.height());
    if (!out) {
        *error = path + ": out of memory";
        return nullptr;
    }
    // BGRA in memory is a8r8g8b8 on little-endian machines.
    if (!reader.finish(path, PNG_FORMAT_BGRA, pixman_image_get_data(out.get()), pixman_image_get_stride(out.get()), error))
        return nullptr;
    // Straight → premultiplied, as pixman expects.
    auto* px = pixman_image_get_data(out.get());
    const size_t n = size_t(reader.width()) * size_t(reader.height());
    for (size_t i = 0; i < n; ++i) {
        uint32_t p = px[i], a = p >> 24;
        if (a == 255) continue;
        auto mul = [a](uint32_t c) { return (c * a + 127) / 255; };
        px[i] = (a << 24) | (mul((p >> 16) & 0xff) << 16) | (mul((p >> 8) & 0xff) << 8) | mul(p & 0xff);
    }
    return out;
}

} // namespace shoji
