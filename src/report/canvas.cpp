#include "report/canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <cmath>
#include <string>

#include "model/error.hpp"

namespace isokin::report {

ImageFormat parse_image_format(std::string_view text) {
  if (text == "pdf") return ImageFormat::pdf;
  if (text == "png") return ImageFormat::png;
  if (text == "svg") return ImageFormat::svg;
  throw InputError("--format: '" + std::string(text) + "' is not one of pdf, png, svg");
}

std::string_view extension(ImageFormat format) {
  switch (format) {
    case ImageFormat::pdf: return ".pdf";
    case ImageFormat::png: return ".png";
    case ImageFormat::svg: return ".svg";
  }
  return ".pdf";
}

namespace {
void check(cairo_status_t status, const std::filesystem::path& file, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(file.string() + ": " + what + ": " + cairo_status_to_string(status));
  }
}
}  // namespace

Canvas::Canvas(const std::filesystem::path& file, ImageFormat format, double width_pt, double height_pt,
               double png_scale)
    : file_(file), format_(format), width_pt_(width_pt), height_pt_(height_pt) {
  const std::string name = file.string();
  switch (format) {
    case ImageFormat::pdf: surface_ = cairo_pdf_surface_create(name.c_str(), width_pt, height_pt); break;
    case ImageFormat::svg: surface_ = cairo_svg_surface_create(name.c_str(), width_pt, height_pt); break;
    case ImageFormat::png:
      surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(std::ceil(width_pt * png_scale)),
                                            static_cast<int>(std::ceil(height_pt * png_scale)));
      break;
  }
  if (format == ImageFormat::pdf) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "isokin");
  }
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    const cairo_status_t status = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    check(status, file, "cannot create the output");
  }
  cr_ = cairo_create(surface_);
  if (format == ImageFormat::png) cairo_scale(cr_, png_scale, png_scale);
  // A white page: PNG surfaces start black, and PDF viewers differ on "transparent".
  set_color({1, 1, 1});
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::next_page() {
  cairo_show_page(cr_);
  set_color({1, 1, 1});
  cairo_paint(cr_);
}

void Canvas::finish() {
  if (finished_) return;
  finished_ = true;
  if (format_ == ImageFormat::png) {
    cairo_surface_flush(surface_);
    check(cairo_surface_write_to_png(surface_, file_.string().c_str()), file_, "cannot write the PNG");
    return;
  }
  cairo_show_page(cr_);
  cairo_surface_finish(surface_);
  check(cairo_surface_status(surface_), file_, "cannot write the document");
}

void Canvas::set_color(const Color& color) { cairo_set_source_rgba(cr_, color.r, color.g, color.b, color.a); }

void Canvas::set_font(const TextStyle& style) {
  cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, style.size_pt);
}

double Canvas::text_width(std::string_view text, const TextStyle& style) {
  set_font(style);
  const std::string s(text);
  cairo_text_extents_t extents;
  cairo_text_extents(cr_, s.c_str(), &extents);
  return extents.x_advance;
}

double Canvas::text(double x, double y, std::string_view text, const TextStyle& style) {
  const double w = text_width(text, style);
  if (style.align == Align::center) x -= w / 2;
  if (style.align == Align::right) x -= w;
  const std::string s(text);
  set_color(style.color);
  cairo_move_to(cr_, x, y);
  cairo_show_text(cr_, s.c_str());
  return w;
}

void Canvas::vertical_text(double x, double y, std::string_view text, const TextStyle& style) {
  const double w = text_width(text, style);
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_rotate(cr_, -M_PI / 2);
  const std::string s(text);
  set_color(style.color);
  cairo_move_to(cr_, -w / 2, 0);
  cairo_show_text(cr_, s.c_str());
  cairo_restore(cr_);
}

void Canvas::line(double x0, double y0, double x1, double y1, const Color& color, double width_pt, bool dashed) {
  cairo_save(cr_);
  set_color(color);
  cairo_set_line_width(cr_, width_pt);
  if (dashed) {
    const double dash[] = {4.0, 2.5};
    cairo_set_dash(cr_, dash, 2, 0);
  }
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Canvas::fill_rect(const Rect& rect, const Color& color) {
  set_color(color);
  cairo_rectangle(cr_, rect.x, rect.y, rect.w, rect.h);
  cairo_fill(cr_);
}

void Canvas::stroke_rect(const Rect& rect, const Color& color, double width_pt) {
  set_color(color);
  cairo_set_line_width(cr_, width_pt);
  cairo_rectangle(cr_, rect.x, rect.y, rect.w, rect.h);
  cairo_stroke(cr_);
}

void Canvas::fill_circle(double x, double y, double radius_pt, const Color& color) {
  set_color(color);
  cairo_new_sub_path(cr_);
  cairo_arc(cr_, x, y, radius_pt, 0, 2 * M_PI);
  cairo_fill(cr_);
}

void Canvas::polyline(std::span<const double> xs, std::span<const double> ys, const Color& color, double width_pt,
                      bool dashed) {
  cairo_save(cr_);
  set_color(color);
  cairo_set_line_width(cr_, width_pt);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  if (dashed) {
    const double dash[] = {4.0, 2.5};
    cairo_set_dash(cr_, dash, 2, 0);
  }
  bool pen_down = false;
  const std::size_t n = std::min(xs.size(), ys.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
      pen_down = false;
      continue;
    }
    if (pen_down) {
      cairo_line_to(cr_, xs[i], ys[i]);
    } else {
      cairo_move_to(cr_, xs[i], ys[i]);
      pen_down = true;
    }
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Canvas::push_clip(const Rect& rect) {
  cairo_save(cr_);
  cairo_rectangle(cr_, rect.x, rect.y, rect.w, rect.h);
  cairo_clip(cr_);
}

void Canvas::pop_clip() { cairo_restore(cr_); }

}  // namespace isokin::report
