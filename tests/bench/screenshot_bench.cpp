// screenshot-bench: what writing a screenshot costs, against baselines
// measured in the same run (docs/performance.md, "Screenshots").
//
//   screenshot-bench SHOT.png...
//
// For each PNG (screenshots of real clients that scripts/bench takes first)
// it prints one line of key=value:
//   shoji_ms       CPU time of shoji::write_png: the screenshot's encoder
//                  (median of 15, the image copied before each run, outside
//                  the timing, since write_png uses its image up);
//   libpng6_ms     the same pixels through libpng with its adaptive filters
//                  and zlib level 6 (libpng's defaults, and Shoji's encoder
//                  before this one): the reference for size and time;
//   copy_ms        a pixman SRC copy of the image: the floor, moving the
//                  pixels once;
//   shoji_bytes, libpng6_bytes, x_libpng6_time, x_libpng6_size, x_copy.
#include <png.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "util/png.hpp"

namespace {

using shoji::PixmanImage;

double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

constexpr int kRuns = 15;

long file_size(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? long(st.st_size) : -1;
}

// libpng's defaults: every filter tried on each row, zlib level 6.
bool write_libpng6(const std::string& path, pixman_image_t* image) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(f);
        return false;
    }
    const int w = pixman_image_get_width(image), h = pixman_image_get_height(image);
    png_init_io(png, f);
    png_set_compression_level(png, 6);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_ALL_FILTERS);
    png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    std::vector<uint8_t> row(size_t(w) * 3);
    const auto* data = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image));
    for (int y = 0; y < h; ++y) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(pixman_image_get_stride(image)));
        for (int x = 0; x < w; ++x) {
            row[size_t(x) * 3] = uint8_t(px[x] >> 16);
            row[size_t(x) * 3 + 1] = uint8_t(px[x] >> 8);
            row[size_t(x) * 3 + 2] = uint8_t(px[x]);
        }
        png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return std::fclose(f) == 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: screenshot-bench SHOT.png...\n");
        return 2;
    }
    char dir_template[] = "/tmp/shoji-screenshot-bench-XXXXXX";
    if (!mkdtemp(dir_template)) return 1;
    const std::string dir = dir_template, out = dir + "/out.png", ref = dir + "/ref.png";
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        std::string error;
        PixmanImage source = shoji::read_png(argv[i], &error);
        if (!source) {
            std::fprintf(stderr, "screenshot-bench: %s\n", error.c_str());
            status = 1;
            continue;
        }
        // Screenshots are x8r8g8b8, as the output is.
        const int w = pixman_image_get_width(source.get()), h = pixman_image_get_height(source.get());
        PixmanImage shot = shoji::make_image(PIXMAN_x8r8g8b8, w, h);
        pixman_image_composite32(PIXMAN_OP_SRC, source.get(), nullptr, shot.get(), 0, 0, 0, 0, 0, 0, w, h);
        PixmanImage copy_target = shoji::make_image(PIXMAN_x8r8g8b8, w, h);

        std::vector<double> shoji_t, libpng_t, copy_t;
        for (int run = 0; run < kRuns; ++run) {
            PixmanImage used = shoji::copy_image(shot.get());
            double t0 = cpu_ms();
            if (!shoji::write_png(out, std::move(used), &error)) {
                std::fprintf(stderr, "screenshot-bench: %s\n", error.c_str());
                return 1;
            }
            shoji_t.push_back(cpu_ms() - t0);
            t0 = cpu_ms();
            if (!write_libpng6(ref, shot.get())) return 1;
            libpng_t.push_back(cpu_ms() - t0);
            t0 = cpu_ms();
            pixman_image_composite32(PIXMAN_OP_SRC, shot.get(), nullptr, copy_target.get(), 0, 0, 0, 0, 0, 0, w, h);
            copy_t.push_back(cpu_ms() - t0);
        }
        const double s = median(shoji_t), l = median(libpng_t), c = median(copy_t);
        const long sb = file_size(out), lb = file_size(ref);
        std::printf("image=%s size=%dx%d shoji_ms=%.3f libpng6_ms=%.3f copy_ms=%.3f shoji_bytes=%ld libpng6_bytes=%ld "
                    "x_libpng6_time=%.3f x_libpng6_size=%.3f x_copy=%.2f\n",
                    argv[i], w, h, s, l, c, sb, lb, s / l, double(sb) / double(lb), s / c);
    }
    unlink(out.c_str());
    unlink(ref.c_str());
    rmdir(dir.c_str());
    return status;
}
