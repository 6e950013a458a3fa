// shoji::write_png and read_png_rgba: screenshots are byte-identical for
// identical pixels (a golden-image test compares files), errors are one line
// naming the path and why, and what is written reads back exactly.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "util/png.hpp"

namespace shoji {
namespace {

class Png : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/shoji-png-test-XXXXXX";
        ASSERT_TRUE(mkdtemp(tmpl));
        dir_ = tmpl;
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
    std::string path(const std::string& name) const { return dir_ + "/" + name; }

    std::string dir_;
};

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A 64x48 (or other) x8r8g8b8 image with a different value in every pixel.
PixmanImage pattern(int width = 64, int height = 48) {
    PixmanImage image = make_image(PIXMAN_x8r8g8b8, width, height);
    auto* px = pixman_image_get_data(image.get());
    const int stride = pixman_image_get_stride(image.get()) / 4;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            px[y * stride + x] = 0xff000000u | uint32_t(x * 3) << 16 | uint32_t(y * 5) << 8 | uint32_t(x ^ y);
    return image;
}

// The chunk types of a PNG file, in order.
std::vector<std::string> chunk_types(const std::vector<uint8_t>& file) {
    std::vector<std::string> types;
    for (size_t at = 8; at + 8 <= file.size();) {
        const size_t length = size_t(file[at]) << 24 | size_t(file[at + 1]) << 16 | size_t(file[at + 2]) << 8 | file[at + 3];
        types.emplace_back(reinterpret_cast<const char*>(&file[at + 4]), 4);
        at += 12 + length;
    }
    return types;
}

TEST_F(Png, the_same_pixels_give_the_same_bytes) {
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), pattern(), &error)) << error;
    ASSERT_TRUE(write_png(path("b.png"), pattern(), &error)) << error;
    const auto a = read_bytes(path("a.png")), b = read_bytes(path("b.png"));
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a, b);
}

TEST_F(Png, a_screenshot_has_no_chunk_that_could_vary) {
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), pattern(), &error)) << error;
    const auto types = chunk_types(read_bytes(path("a.png")));
    ASSERT_GE(types.size(), 3u);
    EXPECT_EQ(types.front(), "IHDR");
    EXPECT_EQ(types.back(), "IEND");
    for (size_t i = 1; i + 1 < types.size(); ++i) EXPECT_EQ(types[i], "IDAT") << "chunk " << i;
}

// Writes `image` (opaque) and reads it back: every pixel as it was.
void expect_round_trip(const std::string& file, const PixmanImage& image) {
    std::string error;
    ASSERT_TRUE(write_png(file, copy_image(image.get()), &error)) << error;
    const auto read = read_png_rgba(file, &error);
    ASSERT_TRUE(read) << error;
    const int width = pixman_image_get_width(image.get()), height = pixman_image_get_height(image.get());
    ASSERT_EQ(read->width, width);
    ASSERT_EQ(read->height, height);
    const auto* px = pixman_image_get_data(image.get());
    const int stride = pixman_image_get_stride(image.get()) / 4;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const uint32_t p = px[y * stride + x];
            const uint8_t* q = read->at(x, y);
            ASSERT_EQ(q[0], (p >> 16) & 0xff) << x << "," << y;
            ASSERT_EQ(q[1], (p >> 8) & 0xff) << x << "," << y;
            ASSERT_EQ(q[2], p & 0xff) << x << "," << y;
            ASSERT_EQ(q[3], 0xff) << x << "," << y;
        }
}

TEST_F(Png, what_is_written_reads_back_exactly) { expect_round_trip(path("a.png"), pattern()); }

// The encoder converts four pixels and filters sixteen bytes at a time; a
// width of 67 (201 bytes a row) leaves three pixels and nine bytes to the
// loops that finish a row.
TEST_F(Png, a_width_that_is_no_multiple_of_four_reads_back_exactly) {
    expect_round_trip(path("a.png"), pattern(67, 5));
}

// write_png makes the file's rows over the image's own memory when they fit
// (RGB: 1 + 3 * width bytes in a row of 4 * width); a one-pixel-wide image is
// the tightest fit (4 bytes in 4), and each row must still be read before
// it is overwritten.
TEST_F(Png, a_one_pixel_wide_image_reads_back_exactly) {
    PixmanImage image = make_image(PIXMAN_x8r8g8b8, 1, 300);
    auto* px = pixman_image_get_data(image.get());
    for (int y = 0; y < 300; ++y) px[y] = 0xff000000u | (uint32_t(y * 7919) & 0xffffff);
    const PixmanImage kept = copy_image(image.get());
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), std::move(image), &error)) << error;
    const auto read = read_png_rgba(path("a.png"), &error);
    ASSERT_TRUE(read) << error;
    ASSERT_EQ(read->width, 1);
    ASSERT_EQ(read->height, 300);
    const auto* want = pixman_image_get_data(kept.get());
    for (int y = 0; y < 300; ++y) {
        const uint8_t* q = read->at(0, y);
        ASSERT_EQ(uint32_t(q[0]) << 16 | uint32_t(q[1]) << 8 | q[2], want[y] & 0xffffff) << "row " << y;
    }
}

// RGBA rows are longer than the image's (1 + 4 * width bytes): they get a
// buffer of their own, and premultiplied pixels come back straight.
TEST_F(Png, premultiplied_images_read_back_with_straight_alpha) {
    PixmanImage image = make_image(PIXMAN_a8r8g8b8, 5, 7);
    auto* px = pixman_image_get_data(image.get());
    for (int i = 0; i < 35; ++i) px[i] = 0x80402010u; // alpha 128, premultiplied
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), std::move(image), &error)) << error;
    const auto read = read_png_rgba(path("a.png"), &error);
    ASSERT_TRUE(read) << error;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 5; ++x) {
            const uint8_t* q = read->at(x, y);
            // 0x40 * 255 / 128 rounded = 128, 0x20 -> 64, 0x10 -> 32.
            ASSERT_EQ(q[0], 128) << x << "," << y;
            ASSERT_EQ(q[1], 64) << x << "," << y;
            ASSERT_EQ(q[2], 32) << x << "," << y;
            ASSERT_EQ(q[3], 128) << x << "," << y;
        }
}

TEST_F(Png, rgba_images_round_trip_with_straight_alpha) {
    RgbaImage image{3, 2, std::vector<uint8_t>(3 * 2 * 4)};
    for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t(i * 11);
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), image, &error)) << error;
    const auto read = read_png_rgba(path("a.png"), &error);
    ASSERT_TRUE(read) << error;
    EXPECT_EQ(read->width, 3);
    EXPECT_EQ(read->height, 2);
    EXPECT_EQ(read->pixels, image.pixels);
}

TEST_F(Png, a_path_that_cannot_be_opened_is_one_line_naming_it_and_why) {
    std::string error;
    EXPECT_FALSE(write_png(path("no-such-dir/a.png"), pattern(), &error));
    EXPECT_NE(error.find(path("no-such-dir/a.png")), std::string::npos) << error;
    EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST_F(Png, a_failed_write_is_an_error_naming_the_path_and_why) {
    // /dev/full opens, and every write fails with ENOSPC.
    std::string error;
    EXPECT_FALSE(write_png("/dev/full", pattern(), &error));
    EXPECT_NE(error.find("/dev/full"), std::string::npos) << error;
    EXPECT_NE(error.find("No space left on device"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

TEST_F(Png, a_truncated_file_is_an_error_naming_it) {
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), pattern(), &error)) << error;
    auto bytes = read_bytes(path("a.png"));
    bytes.resize(bytes.size() / 2);
    std::ofstream(path("cut.png"), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    EXPECT_FALSE(read_png_rgba(path("cut.png"), &error));
    EXPECT_NE(error.find(path("cut.png")), std::string::npos) << error;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    EXPECT_FALSE(read_png(path("cut.png"), &error));
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST_F(Png, a_file_that_is_not_a_png_is_an_error_saying_so) {
    std::ofstream(path("text.png")) << "hello\n";
    std::string error;
    EXPECT_FALSE(read_png_rgba(path("text.png"), &error));
    EXPECT_NE(error.find("not a PNG file"), std::string::npos) << error;
}

// The CRC-32 of PNG chunks (ISO 3309, as zlib's crc32).
uint32_t crc32(const uint8_t* data, size_t n) {
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

void put32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

TEST_F(Png, a_header_claiming_more_pixels_than_shoji_reads_is_an_error_not_an_allocation) {
    // A 1x1 file whose IHDR (with a correct CRC) claims 65536x65536: decoding
    // would allocate 16 GiB before finding the data missing.
    RgbaImage image{1, 1, std::vector<uint8_t>(4, 0xff)};
    std::string error;
    ASSERT_TRUE(write_png(path("a.png"), image, &error)) << error;
    auto bytes = read_bytes(path("a.png"));
    ASSERT_EQ(std::string(bytes.begin() + 12, bytes.begin() + 16), "IHDR");
    put32(&bytes[16], 65536);
    put32(&bytes[20], 65536);
    put32(&bytes[29], crc32(&bytes[12], 17)); // type + 13 data bytes
    std::ofstream(path("big.png"), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    EXPECT_FALSE(read_png_rgba(path("big.png"), &error));
    EXPECT_NE(error.find("65536x65536"), std::string::npos) << error;
    EXPECT_FALSE(read_png(path("big.png"), &error));
    EXPECT_NE(error.find("65536x65536"), std::string::npos) << error;
}

} // namespace
} // namespace shoji
