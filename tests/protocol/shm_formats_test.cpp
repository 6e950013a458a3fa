// Every wl_shm format Shoji advertises, tested with pixels.
//
// The expected memory layout of each format is derived here from its DRM
// fourcc name (channels listed from the most significant bit, e.g. RGBX8888 is
// R:G:B:X in a little-endian 32-bit word), independently of the pixman format
// the compositor maps it to, so a wrong mapping fails.
#include <cctype>
#include <map>
#include <set>

#include "harness/fixture.hpp"
#include "shm/shm_formats.hpp"

namespace shoji::test {
namespace {

struct Channel {
    char name; // A R G B X
    int shift, bits;
};

struct Layout {
    int bytes;
    std::vector<Channel> channels;
};

// "ARGB2101010" → A2 R10 G10 B10 from the top bit down.
Layout layout_from_name(const std::string& name) {
    std::string letters, digits;
    for (char ch : name) (std::isalpha(static_cast<unsigned char>(ch)) ? letters : digits) += ch;
    std::vector<int> bits;
    if (digits.size() == letters.size()) {
        for (char d : digits) bits.push_back(d - '0');
    } else { // two-digit widths: only the 10-bit formats
        EXPECT_EQ(digits, "2101010") << name;
        bits = {2, 10, 10, 10};
    }
    int total = 0;
    for (int b : bits) total += b;
    Layout l{total / 8, {}};
    int shift = total;
    for (size_t i = 0; i < letters.size(); ++i) {
        shift -= bits[i];
        l.channels.push_back({letters[i], shift, bits[i]});
    }
    return l;
}

// The formats Shoji serves: ARGB/XRGB and every other packed RGB format
// pixman reads. (YUYV is tested on its own below.)
const std::map<uint32_t, std::string> kRgbFormats = {
    {WL_SHM_FORMAT_ARGB8888, "ARGB8888"}, {WL_SHM_FORMAT_XRGB8888, "XRGB8888"},
    {WL_SHM_FORMAT_ABGR8888, "ABGR8888"}, {WL_SHM_FORMAT_XBGR8888, "XBGR8888"},
    {WL_SHM_FORMAT_RGBA8888, "RGBA8888"}, {WL_SHM_FORMAT_RGBX8888, "RGBX8888"},
    {WL_SHM_FORMAT_BGRA8888, "BGRA8888"}, {WL_SHM_FORMAT_BGRX8888, "BGRX8888"},
    {WL_SHM_FORMAT_ARGB2101010, "ARGB2101010"}, {WL_SHM_FORMAT_XRGB2101010, "XRGB2101010"},
    {WL_SHM_FORMAT_ABGR2101010, "ABGR2101010"}, {WL_SHM_FORMAT_XBGR2101010, "XBGR2101010"},
    {WL_SHM_FORMAT_RGB888, "RGB888"}, {WL_SHM_FORMAT_BGR888, "BGR888"},
    {WL_SHM_FORMAT_RGB565, "RGB565"}, {WL_SHM_FORMAT_BGR565, "BGR565"},
    {WL_SHM_FORMAT_ARGB1555, "ARGB1555"}, {WL_SHM_FORMAT_XRGB1555, "XRGB1555"},
    {WL_SHM_FORMAT_ABGR1555, "ABGR1555"}, {WL_SHM_FORMAT_XBGR1555, "XBGR1555"},
    {WL_SHM_FORMAT_ARGB4444, "ARGB4444"}, {WL_SHM_FORMAT_XRGB4444, "XRGB4444"},
    {WL_SHM_FORMAT_ABGR4444, "ABGR4444"}, {WL_SHM_FORMAT_XBGR4444, "XBGR4444"},
    {WL_SHM_FORMAT_RGB332, "RGB332"}, {WL_SHM_FORMAT_BGR233, "BGR233"},
};

// A test colour: each channel a fraction of its maximum (premultiplied, as
// wl_shm is). Fractions 0 and 1 are exact in every width.
struct Colour {
    double a, r, g, b;
};

uint64_t encode(const Layout& l, const Colour& c, bool* has_alpha) {
    uint64_t v = 0;
    *has_alpha = false;
    for (const Channel& ch : l.channels) {
        const uint64_t max = (uint64_t(1) << ch.bits) - 1;
        double f = 0;
        switch (ch.name) {
        case 'A': f = c.a; *has_alpha = true; break;
        case 'R': f = c.r; break;
        case 'G': f = c.g; break;
        case 'B': f = c.b; break;
        default: f = 0; break; // X: ignored by the compositor; leave zero
        }
        v |= uint64_t(f * double(max) + 0.5) << ch.shift;
    }
    return v;
}

class ShmFormatTest : public ShojiTest, public ::testing::WithParamInterface<std::pair<const uint32_t, std::string>> {};

TEST_F(ShojiTest, wl_shm_advertises_exactly_the_format_table) {
    TestClient& c = connect();
    std::set<uint32_t> expected;
    for (const auto& [format, name] : kRgbFormats) expected.insert(format);
    expected.insert(WL_SHM_FORMAT_YUYV);
    EXPECT_EQ(c.shm_formats, expected);
    std::set<uint32_t> table;
    for (const ShmFormat& f : shm_formats()) table.insert(f.wl_format);
    EXPECT_EQ(table, expected);
    EXPECT_EQ(c.shm_global_count, 1) << "exactly one wl_shm global";
    EXPECT_EQ(c.shm_format_events, int(expected.size())) << "each format advertised once";
}

TEST_P(ShmFormatTest, pattern_is_shown_blended_over_the_background) {
    const auto& [format, name] = GetParam();
    const Layout layout = layout_from_name(name);
    TestClient& c = connect();
    ASSERT_TRUE(c.shm_formats.count(format)) << name << " not advertised";

    const double half_alpha = [&] {
        for (const Channel& ch : layout.channels)
            if (ch.name == 'A') {
                const int max = (1 << ch.bits) - 1;
                return double(1 << (ch.bits - 1)) / max; // exactly representable
            }
        return 1.0;
    }();
    const std::vector<Colour> pattern = {
        {1, 1, 0, 0},  {1, 0, 1, 0}, {1, 0, 0, 1}, {1, 1, 1, 1}, {1, 0, 0, 0},
        {0, 0, 0, 0},                                     // transparent
        {half_alpha, half_alpha, half_alpha, half_alpha}, // half-transparent white
        {1, 0, 1, 1},
    };
    const int32_t width = int32_t(pattern.size()), height = 2;
    auto buf = c.make_buffer(width, height, format);
    bool has_alpha = false;
    for (int32_t y = 0; y < height; ++y)
        for (int32_t x = 0; x < width; ++x) {
            const uint64_t v = encode(layout, pattern[size_t(x)], &has_alpha);
            for (int i = 0; i < layout.bytes; ++i) // little-endian
                buf->row(y)[x * layout.bytes + i] = uint8_t(v >> (8 * i));
        }
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *buf);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_FALSE(c.has_error());

    auto [ox, oy] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    const uint32_t bg = background();
    for (int32_t x = 0; x < width; ++x) {
        Colour col = pattern[size_t(x)];
        if (!has_alpha) col.a = 1; // X formats are opaque whatever the X bits say
        // Premultiplied OVER: out = src + (1 − α)·background.
        auto expect = [&](double src, int shift) {
            return src * 255 + (1 - col.a) * double((bg >> shift) & 0xff);
        };
        const uint32_t got = pixel_at(out.get(), ox + x, oy + 1);
        const double tolerance = (col.a > 0 && col.a < 1) ? 1.5 : 0.5;
        EXPECT_NEAR(double((got >> 16) & 0xff), expect(col.r, 16), tolerance) << name << " pixel " << x;
        EXPECT_NEAR(double((got >> 8) & 0xff), expect(col.g, 8), tolerance) << name << " pixel " << x;
        EXPECT_NEAR(double(got & 0xff), expect(col.b, 0), tolerance) << name << " pixel " << x;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryRgbFormat, ShmFormatTest, ::testing::ValuesIn(kRgbFormats),
                         [](const auto& info) { return info.param.second; });

TEST_F(ShojiTest, yuyv_is_converted_with_bt601) {
    TestClient& c = connect();
    // Macropixels Y0 Cb Y1 Cr: black (Y 16) then white (Y 235), no chroma.
    auto buf = c.make_buffer(4, 1, WL_SHM_FORMAT_YUYV);
    const uint8_t bytes[] = {16, 128, 16, 128, 235, 128, 235, 128};
    std::copy(std::begin(bytes), std::end(bytes), buf->row(0));
    auto t = c.make_toplevel();
    c.commit_buffer(t->surface, *buf);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    auto [ox, oy] = surface_origin(c, t->surface);
    PixmanImage out = output_pixels();
    for (int x = 0; x < 4; ++x) {
        const uint32_t p = pixel_at(out.get(), ox + x, oy);
        const int want = x < 2 ? 0 : 255;
        for (int shift : {16, 8, 0}) EXPECT_NEAR(int((p >> shift) & 0xff), want, 2) << "pixel " << x;
    }
}

} // namespace
} // namespace shoji::test
