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
// minus the bytes of the row above (PNG filter type 2). `Scanlines`
// remembers where the previous unfiltered row is, so the caller must keep
// each row where it is until the next one is emitted; a scanline may be
// written over memory the caller no longer needs, including the image it
// came from.
class Scanlines {
    // Sixteen bytes subtracted lane by lane, with no borrow between them.
    typedef uint8_t Bytes16 __attribute__((vector_size(16)));

public:
    explicit Scanlines(size_t row_bytes) : zeros_(row_bytes, 0), above_(zeros_.data()) {}
    // Writes `row` (row_bytes bytes, overlapping neither `out` nor the row
    // before), filtered, as 1 + row_bytes bytes at `out`.
    void emit(const uint8_t* __restrict row, uint8_t* __restrict out) {
        out[0] = kFilterUp;
        uint8_t* __restrict filtered = out + 1;
        const uint8_t* __restrict above = above_;
        const size_t n = zeros_.size();
        size_t i = 0;
        // Sixteen bytes at a time (one SSE2 psubb on x86-64): GCC does not
        // vectorise the byte loop at -O2, and it was half of this function.
        for (; i + sizeof(Bytes16) <= n; i += sizeof(Bytes16)) {
            Bytes16 a, b;
            std::memcpy(&a, row + i, sizeof a);
            std::memcpy(&b, above + i, sizeof b);
            a -= b;
            std::memcpy(filtered + i, &a, sizeof a);
        }
        for (; i < n; ++i) filtered[i] = uint8_t(row[i] - above[i]);
        above_ = row;
    }

private:
    std::vector<uint8_t> zeros_; // the row above the first (PNG specification 9.2)
    const uint8_t* above_;
};

// One row of pixman pixels (0xAARRGGBB in a native-endian word) as PNG bytes.
// Opaque rows, four pixels at a time: bswap32 puts B, G, R, X in memory as
// X, R, G, B, so its top three bytes (>> 8) are R, G, B in file order, and
// four such are packed into three 32-bit words. Most screenshots are XRGB,
// and this loop was a third of their encoding time written per byte.
void convert_opaque_row(const uint32_t* px, int width, uint8_t* row) {
    int x = 0;
    for (; x + 4 <= width; x += 4, row += 12) {
        const uint32_t q0 = __builtin_bswap32(px[x]) >> 8, q1 = __builtin_bswap32(px[x + 1]) >> 8,
                       q2 = __builtin_bswap32(px[x + 2]) >> 8, q3 = __builtin_bswap32(px[x + 3]) >> 8;
        const uint32_t words[3] = {q0 | q1 << 24, q1 >> 8 | q2 << 16, q2 >> 16 | q3 << 8};
        std::memcpy(row, words, sizeof words); // the byte order above is little-endian's
    }
    for (; x < width; ++x, row += 3) {
        const uint32_t p = px[x];
        row[0] = uint8_t(p >> 16);
        row[1] = uint8_t(p >> 8);
        row[2] = uint8_t(p);
    }
}

// The same with alpha: pixman stores premultiplied alpha, PNG straight alpha.
void convert_alpha_row(const uint32_t* px, int width, uint8_t* row) {
    for (int x = 0; x < width; ++x, row += 4) {
        const uint32_t p = px[x];
        uint32_t a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (a != 0 && a != 255) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        row[0] = uint8_t(r);
        row[1] = uint8_t(g);
        row[2] = uint8_t(b);
        row[3] = uint8_t(a);
    }
}

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
    // Two rows converted in turn: the one emitted and the one above it.
    std::vector<uint8_t> converted[2] = {std::vector<uint8_t>(row_bytes), std::vector<uint8_t>(row_bytes)};
    for (int y = 0; y < height; ++y) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * stride);
        uint8_t* row = converted[y & 1].data();
        if (alpha) convert_alpha_row(px, width, row);
        else convert_opaque_row(px, width, row);
        lines.emit(row, out + size_t(y) * (1 + row_bytes));
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
