// png-probe: small questions about PNG files, for the shell tests in
// tests/clients/. Pixels are read with the compositor's own shoji::read_png,
// so they are premultiplied a8r8g8b8; a colour RRGGBB means the opaque pixel
// ffRRGGBB, and every channel (alpha included) is compared.
//
//   png-probe size FILE                            prints WIDTHxHEIGHT
//   png-probe count FILE X Y W H RRGGBB [TOL]      pixels in the box equal to the colour
//   png-probe differ FILE X Y W H RRGGBB [TOL]     pixels in the box not equal to it
//   png-probe compare A.png B.png [TOL]            exit 0 if the same, else 1 and a report
//   png-probe make FILE WxH RRGGBB [X,Y=RRGGBB...] writes an opaque PNG of that colour,
//                                                  with the pixels listed set to theirs
//   png-probe changed A.png B.png X Y W H          pixels in the box that differ between A and B
//   png-probe fine FILE X Y W H                    2x2 blocks (at even x, y) in the box whose four
//                                                  pixels are not all the same: 0 for a scale-1
//                                                  picture scaled up twice by nearest sampling
//
// TOL is a per-channel tolerance (0 to 255, default 0). Bad usage, unreadable
// files and boxes outside the image: one line on stderr, exit 2.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "util/png.hpp"

namespace {

constexpr int kUsageError = 2;

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "png-probe: %s\n", message.c_str());
    std::exit(kUsageError);
}

// A whole-string decimal or hexadecimal number in [min, max].
long parse_number(const std::string& text, int base, long min, long max, const char* what) {
    char* end = nullptr;
    const long value = text.empty() ? 0 : std::strtol(text.c_str(), &end, base);
    if (text.empty() || *end != '\0' || text[0] == '-' || text[0] == '+' || value < min ||
        value > max)
        fail(std::string("bad ") + what + " '" + text + "'");
    return value;
}

uint32_t parse_colour(const std::string& text) {
    if (text.size() != 6) fail("bad colour '" + text + "' (expected RRGGBB)");
    return 0xff000000u | uint32_t(parse_number(text, 16, 0, 0xffffff, "colour"));
}

int parse_tolerance(const std::vector<std::string>& args, size_t index) {
    return index < args.size() ? int(parse_number(args[index], 10, 0, 255, "tolerance")) : 0;
}

struct Image {
    shoji::PixmanImage image;
    int width = 0, height = 0;

    uint32_t at(int x, int y) const {
        const auto* row = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image.get())) +
                          size_t(y) * size_t(pixman_image_get_stride(image.get()));
        return reinterpret_cast<const uint32_t*>(row)[x];
    }
};

Image load(const std::string& path) {
    std::string error;
    Image img{shoji::read_png(path, &error)};
    if (!img.image) fail(error);
    img.width = pixman_image_get_width(img.image.get());
    img.height = pixman_image_get_height(img.image.get());
    return img;
}

// True if every channel of a and b differs by at most `tolerance`.
bool within(uint32_t a, uint32_t b, int tolerance) {
    for (int shift = 0; shift < 32; shift += 8) {
        const int ca = int((a >> shift) & 0xff), cb = int((b >> shift) & 0xff);
        if (std::abs(ca - cb) > tolerance) return false;
    }
    return true;
}

// count / differ: pixels in the box that match (or do not match) the colour.
int count_in_box(const std::vector<std::string>& args, bool want_match) {
    if (args.size() < 7 || args.size() > 8)
        fail("usage: png-probe " + args[0] + " FILE X Y W H RRGGBB [TOLERANCE]");
    const Image img = load(args[1]);
    const long x0 = parse_number(args[2], 10, 0, 1 << 20, "X");
    const long y0 = parse_number(args[3], 10, 0, 1 << 20, "Y");
    const long w = parse_number(args[4], 10, 0, 1 << 20, "W");
    const long h = parse_number(args[5], 10, 0, 1 << 20, "H");
    if (x0 + w > img.width || y0 + h > img.height)
        fail("box " + args[2] + "," + args[3] + " " + args[4] + "x" + args[5] +
             " is outside the " + std::to_string(img.width) + "x" + std::to_string(img.height) +
             " image");
    const uint32_t colour = parse_colour(args[6]);
    const int tolerance = parse_tolerance(args, 7);

    long count = 0;
    for (long y = y0; y < y0 + h; ++y)
        for (long x = x0; x < x0 + w; ++x)
            if (within(img.at(int(x), int(y)), colour, tolerance) == want_match) ++count;
    std::printf("%ld\n", count);
    return 0;
}

int compare(const std::vector<std::string>& args) {
    if (args.size() < 3 || args.size() > 4)
        fail("usage: png-probe compare A.png B.png [TOLERANCE]");
    const Image a = load(args[1]);
    const Image b = load(args[2]);
    const int tolerance = parse_tolerance(args, 3);
    if (a.width != b.width || a.height != b.height) {
        std::printf("sizes differ: %dx%d vs %dx%d\n", a.width, a.height, b.width, b.height);
        return 1;
    }
    long count = 0;
    int first_x = -1, first_y = -1;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x)
            if (!within(a.at(x, y), b.at(x, y), tolerance) && count++ == 0) {
                first_x = x;
                first_y = y;
            }
    if (count == 0) return 0;
    std::printf("%ld pixels differ; first at (%d,%d): %08x vs %08x\n", count, first_x, first_y,
                a.at(first_x, first_y), b.at(first_x, first_y));
    return 1;
}

int make(const std::vector<std::string>& args) {
    if (args.size() < 4) fail("usage: png-probe make FILE WxH RRGGBB [X,Y=RRGGBB...]");
    const auto x = args[2].find('x');
    if (x == std::string::npos) fail("bad size '" + args[2] + "' (expected WxH)");
    const int w = int(parse_number(args[2].substr(0, x), 10, 1, 1 << 14, "width"));
    const int h = int(parse_number(args[2].substr(x + 1), 10, 1, 1 << 14, "height"));
    shoji::PixmanImage image = shoji::make_image(PIXMAN_x8r8g8b8, w, h);
    auto* px = pixman_image_get_data(image.get());
    const int stride = pixman_image_get_stride(image.get()) / 4;
    const uint32_t colour = parse_colour(args[3]);
    for (int y = 0; y < h; ++y)
        for (int i = 0; i < w; ++i) px[y * stride + i] = colour;
    for (size_t i = 4; i < args.size(); ++i) {
        const auto comma = args[i].find(','), eq = args[i].find('=');
        if (comma == std::string::npos || eq == std::string::npos || eq < comma)
            fail("bad pixel '" + args[i] + "' (expected X,Y=RRGGBB)");
        const long px_x = parse_number(args[i].substr(0, comma), 10, 0, w - 1, "X");
        const long px_y = parse_number(args[i].substr(comma + 1, eq - comma - 1), 10, 0, h - 1, "Y");
        px[px_y * stride + px_x] = parse_colour(args[i].substr(eq + 1));
    }
    std::string error;
    if (!shoji::write_png(args[1], std::move(image), &error)) fail(error);
    return 0;
}

int changed_in_box(const std::vector<std::string>& args) {
    if (args.size() != 7) fail("usage: png-probe changed A.png B.png X Y W H");
    const Image a = load(args[1]);
    const Image b = load(args[2]);
    if (a.width != b.width || a.height != b.height) fail("the images differ in size");
    const long x0 = parse_number(args[3], 10, 0, 1 << 20, "X");
    const long y0 = parse_number(args[4], 10, 0, 1 << 20, "Y");
    const long w = parse_number(args[5], 10, 0, 1 << 20, "W");
    const long h = parse_number(args[6], 10, 0, 1 << 20, "H");
    if (x0 + w > a.width || y0 + h > a.height) fail("the box is outside the images");
    long count = 0;
    for (long y = y0; y < y0 + h; ++y)
        for (long x = x0; x < x0 + w; ++x) count += a.at(int(x), int(y)) != b.at(int(x), int(y));
    std::printf("%ld\n", count);
    return 0;
}

int fine_blocks(const std::vector<std::string>& args) {
    if (args.size() != 6) fail("usage: png-probe fine FILE X Y W H");
    const Image img = load(args[1]);
    const long x0 = parse_number(args[2], 10, 0, 1 << 20, "X");
    const long y0 = parse_number(args[3], 10, 0, 1 << 20, "Y");
    const long w = parse_number(args[4], 10, 0, 1 << 20, "W");
    const long h = parse_number(args[5], 10, 0, 1 << 20, "H");
    if (x0 + w > img.width || y0 + h > img.height) fail("the box is outside the image");
    long count = 0;
    for (long y = y0 + (y0 & 1); y + 1 < y0 + h; y += 2)
        for (long x = x0 + (x0 & 1); x + 1 < x0 + w; x += 2) {
            const uint32_t p = img.at(int(x), int(y));
            count += img.at(int(x + 1), int(y)) != p || img.at(int(x), int(y + 1)) != p ||
                     img.at(int(x + 1), int(y + 1)) != p;
        }
    std::printf("%ld\n", count);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string command = args.empty() ? "" : args[0];
    if (command == "size") {
        if (args.size() != 2) fail("usage: png-probe size FILE");
        const Image img = load(args[1]);
        std::printf("%dx%d\n", img.width, img.height);
        return 0;
    }
    if (command == "count") return count_in_box(args, true);
    if (command == "differ") return count_in_box(args, false);
    if (command == "compare") return compare(args);
    if (command == "make") return make(args);
    if (command == "changed") return changed_in_box(args);
    if (command == "fine") return fine_blocks(args);
    fail("usage: png-probe size|count|differ|compare|make|changed|fine ... (see tests/tools/png_probe.cpp)");
}
