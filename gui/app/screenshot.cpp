#include "gui/app/screenshot.hpp"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <stb_image_write.h>  // implementation lives in libstb: no STB_IMAGE_WRITE_IMPLEMENTATION here

#include <algorithm>
#include <vector>

#include "model/error.hpp"

namespace isokin::gui {

void write_framebuffer_png(const std::filesystem::path& file, int x, int y, int width, int height,
                           int framebuffer_height) {
  x = std::max(0, x);
  y = std::max(0, y);
  height = std::min(height, framebuffer_height - y);
  if (width <= 0 || height <= 0) throw Error(file.string() + ": nothing to capture (empty rectangle)");
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // OpenGL counts rows from the bottom; the PNG is written flipped back.
  glReadPixels(x, framebuffer_height - y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // The default framebuffer's alpha is whatever blending left there; a screenshot is opaque.
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  stbi_flip_vertically_on_write(1);
  if (stbi_write_png(file.c_str(), width, height, 4, pixels.data(), width * 4) == 0)
    throw Error(file.string() + ": cannot write PNG");
}

}  // namespace isokin::gui
