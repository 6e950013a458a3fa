#include "util/png.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <libdeflate.h>
#include <png.h>

namespace shoji {

namespace {
struct FileCloser {
    void operator()(FILE* f) const { if (f) std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

// How a screenshot is encoded, chosen by measuring screenshots of real
// clients (docs/performance.md, "Screenshots"): every row with PNG's "Up"
// filter (each byte minus the one above it; the row above the first counts
// as zeros, PNG specification 9.2) and libdeflate at level 6. That is about
// a fifth of the CPU of libpng's adaptive filters with zlib level 6, and the
// files stay within a few per cent of theirs: Up turns the flat areas and
// repeated rows of a desktop into runs of zeros, and libdeflate compresses
// them faster than zlib at the same level. Fixed settings, so the same pixels
// give the same bytes.
constexpr uint8_t kFilterUp = 2;
constexpr int kDeflateLevel = 6;
// The longest IDAT chunk written: PNG allows 2^31 - 1 bytes, readers are
// happier with smaller ones, and the split does not change the image.
constexpr size_t kMaxIdatBytes = size_t(1) << 20;

struct CompressorFree {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

void put_be32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

// PNG rows as the file stores them: one filter byte, then the row's bytes
// minus the bytes of the row above (PNG filter type 2). `Scanlines` keeps a
// copy of the previous unfiltered row, so a scanline may be written over
// memory the caller no longer needs, including the image it came from.
class Scanlines {
public:
    explicit Scanlines(size_t row_bytes) : above_(row_bytes, 0) {}
    // Writes `row` (row_bytes bytes, not overlapping `out`), filtered, as
    // 1 + row_bytes bytes at `out`.
    void emit(const uint8_t* row, uint8_t* out) {
        out[0] = kFilterUp;
        for (size_t i = 0; i < above_.size(); ++i) out[1 + i] = uint8_t(row[i] - above_[i]);
        std::memcpy(above_.data(), row, above_.size());
    }

private:
    std::vector<uint8_t> above_;
};

// Writes the PNG file: signature, IHDR, the zlib stream of `scanlines` in
// IDAT chunks, IEND, and nothing else (no tIME, text or gamma chunk).
bool write_file(const std::string& path, int width, int height, bool alpha, const uint8_t* scanlines,
                size_t size, std::string* error) {
    std::unique_ptr<libdeflate_compressor, CompressorFree> compressor(libdeflate_alloc_compressor(kDeflateLevel));
    if (!compressor) {
        *error = "out of memory";
        return false;
    }
    std::vector<uint8_t> zlib(libdeflate_zlib_compress_bound(compressor.get(), size));
    zlib.resize(libdeflate_zlib_compress(compressor.get(), scanlines, size, zlib.data(), zlib.size()));
    if (zlib.empty()) {
        *error = "cannot compress the image";
        return false;
    }

    File file(std::fopen(path.c_str(), "wb"));
    if (!file) {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    bool ok = true;
    auto chunk = [&](const char* type, const uint8_t* data, size_t length) {
        uint8_t head[8], tail[4];
        put_be32(head, uint32_t(length));
        std::memcpy(head + 4, type, 4);
        // The CRC covers the type and the data, not the length.
        put_be32(tail, libdeflate_crc32(libdeflate_crc32(0, head + 4, 4), data, length));
        ok = ok && std::fwrite(head, 1, 8, file.get()) == 8 && std::fwrite(data, 1, length, file.get()) == length &&
             std::fwrite(tail, 1, 4, file.get()) == 4;
    };
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    ok = std::fwrite(signature, 1, 8, file.get()) == 8;
    uint8_t ihdr[13];
    put_be32(ihdr, uint32_t(width));
    put_be32(ihdr + 4, uint32_t(height));
    ihdr[8] = 8;                 // bits per channel
    ihdr[9] = alpha ? 6 : 2;     // colour type: RGBA or RGB
    ihdr[10] = ihdr[11] = ihdr[12] = 0; // deflate, adaptive filtering, no interlace
    chunk("IHDR", ihdr, sizeof ihdr);
    for (size_t at = 0; at < zlib.size(); at += kMaxIdatBytes)
        chunk("IDAT", zlib.data() + at, std::min(kMaxIdatBytes, zlib.size() - at));
    chunk("IEND", ihdr, 0); // no data: any pointer will do
    // A write error may only show when the last bytes leave stdio's buffer.
    FILE* f = file.release();
    ok = ok && std::fflush(f) == 0 && !std::ferror(f);
    const int write_errno = errno;
    if (std::fclose(f) != 0 || !ok) {
        *error = "cannot write " + path + ": " + std::strerror(ok ? errno : write_errno);
        return false;
    }
    return true;
}

// The bytes of `height` scanlines of `row_bytes`. No overflow: the image they
// come from is in memory, and a scanline is at most one byte longer than a row.
size_t scanlines_size(size_t row_bytes, int height) { return (1 + row_bytes) * size_t(height); }
} // namespace

bool write_png(const std::string& path, PixmanImage image, std::string* error) {
    const pixman_format_code_t format = pixman_image_get_format(image.get());
    if (format != PIXMAN_x8r8g8b8 && format != PIXMAN_a8r8g8b8) {
        *error = "unsupported image format for PNG";
        return false;
    }
    const bool alpha = format == PIXMAN_a8r8g8b8;
    const int width = pixman_image_get_width(image.get()), height = pixman_image_get_height(image.get());
    const size_t stride = size_t(pixman_image_get_stride(image.get()));
    const size_t row_bytes = size_t(width) * (alpha ? 4 : 3);
    auto* data = reinterpret_cast<uint8_t*>(pixman_image_get_data(image.get()));
    // An RGB scanline (1 + 3 * width bytes) is shorter than the image's row
    // (4 * width bytes or more), so scanline y, written after row y is read,
    // never reaches a row not yet read: the scanlines go over the image's own
    // memory and no second copy of the screenshot is made. RGBA scanlines
    // are longer than the rows; they get a buffer of their own.
    std::vector<uint8_t> own;
    uint8_t* out = data;
    if (1 + row_bytes > stride) {
        own.resize(scanlines_size(row_bytes, height));
        out = own.data();
    }
    Scanlines lines(row_bytes);
    std::vector<uint8_t> converted(row_bytes);
    for (int y = 0; y < height; ++y) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * stride);
        uint8_t* row = converted.data();
        for (int x = 0; x < width; ++x) {
            const uint32_t p = px[x];
            uint32_t a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (alpha && a != 0 && a != 255) {
                // pixman stores premultiplied alpha; PNG wants straight alpha.
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            *row++ = uint8_t(r);
            *row++ = uint8_t(g);
            *row++ = uint8_t(b);
            if (alpha) *row++ = uint8_t(a);
        }
        lines.emit(converted.data(), out + size_t(y) * (1 + row_bytes));
    }
    return write_file(path, width, height, alpha, out, scanlines_size(row_bytes, height), error);
}

bool write_png(const std::string& path, const RgbaImage& image, std::string* error) {
    const size_t row_bytes = size_t(image.width) * 4;
    std::vector<uint8_t> out(scanlines_size(row_bytes, image.height));
    Scanlines lines(row_bytes);
    for (int y = 0; y < image.height; ++y)
        lines.emit(image.pixels.data() + size_t(y) * row_bytes, out.data() + size_t(y) * (1 + row_bytes));
    return write_file(path, image.width, image.height, true, out.data(), out.size(), error);
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
