// Owning handle for pixman_image_t (pixman images are refcounted C objects).
#pragma once

#include <memory>

#include <pixman.h>

namespace shoji {

struct PixmanImageUnref {
    void operator()(pixman_image_t* img) const { if (img) pixman_image_unref(img); }
};
using PixmanImage = std::unique_ptr<pixman_image_t, PixmanImageUnref>;

// A zero-filled image owned by pixman (the pixels live as long as the image).
inline PixmanImage make_image(pixman_format_code_t format, int width, int height) {
    return PixmanImage(pixman_image_create_bits(format, width, height, nullptr, 0));
}

// A new image with the same format, size and pixels as `image`.
inline PixmanImage copy_image(pixman_image_t* image) {
    PixmanImage copy = make_image(pixman_image_get_format(image), pixman_image_get_width(image),
                                  pixman_image_get_height(image));
    if (copy)
        pixman_image_composite32(PIXMAN_OP_SRC, image, nullptr, copy.get(), 0, 0, 0, 0, 0, 0,
                                 pixman_image_get_width(image), pixman_image_get_height(image));
    return copy;
}

} // namespace shoji
