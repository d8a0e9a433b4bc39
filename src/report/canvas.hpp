// A drawing surface for report pages and figures: a thin layer over cairo that
// speaks in points (1/72 inch), DejaVu Sans text and a few named colours.
//
// One Canvas targets one of three outputs: a multi-page PDF (A4 portrait pages, one
// show_page() per page), or a single PNG or SVG image of a given size. Everything
// the report draws goes through this class, so the layout code never sees cairo.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace isokin::report {

enum class ImageFormat { pdf, png, svg };

// Parses "pdf", "png" or "svg"; throws InputError otherwise.
ImageFormat parse_image_format(std::string_view text);
std::string_view extension(ImageFormat format);  // ".pdf", ".png", ".svg"

struct Color {
  double r = 0, g = 0, b = 0, a = 1;
};

// The report's palette: left and right limbs keep their colours on every page.
namespace palette {
inline constexpr Color ink{0.10, 0.10, 0.12};
inline constexpr Color grey{0.45, 0.45, 0.48};
inline constexpr Color light_grey{0.86, 0.86, 0.88};
inline constexpr Color faint{0.95, 0.95, 0.96};
// The dashboard's side colours on a white page (its light theme, gui/app/theme.cpp:
// series 0 = left, series 5 = right), so a side reads the same on screen and paper.
inline constexpr Color left{21 / 255.0, 101 / 255.0, 192 / 255.0};  // blue  IM_COL32(21, 101, 192)
inline constexpr Color right{0 / 255.0, 131 / 255.0, 143 / 255.0};  // teal  IM_COL32(0, 131, 143)
inline constexpr Color ok{0.18, 0.55, 0.27};       // green
inline constexpr Color warn{0.80, 0.12, 0.12};     // red
inline constexpr Color cutoff{0.55, 0.10, 0.55};   // purple dashed cut-off lines
}  // namespace palette

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

enum class Align { left, center, right };

struct TextStyle {
  double size_pt = 9;
  bool bold = false;
  Color color = palette::ink;
  Align align = Align::left;
};

// A4 portrait in points.
inline constexpr double a4_width_pt = 595.276;
inline constexpr double a4_height_pt = 841.890;

class Canvas {
 public:
  // PDF: A4 pages; PNG/SVG: one image of width x height points (PNG at `png_scale`
  // pixels per point).
  Canvas(const std::filesystem::path& file, ImageFormat format, double width_pt = a4_width_pt,
         double height_pt = a4_height_pt, double png_scale = 2.0);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  double width() const { return width_pt_; }
  double height() const { return height_pt_; }

  // PDF only: ends the current page and starts a new one.
  void next_page();
  // Writes the file (PNG) or closes the document (PDF, SVG). Throws isokin::Error on failure.
  void finish();

  // Text is drawn with its baseline at y. Returns the width drawn.
  double text(double x, double y, std::string_view text, const TextStyle& style = {});
  double text_width(std::string_view text, const TextStyle& style = {});
  // Text rotated 90 degrees counter-clockwise (y-axis titles), centred on (x, y).
  void vertical_text(double x, double y, std::string_view text, const TextStyle& style = {});

  void line(double x0, double y0, double x1, double y1, const Color& color, double width_pt = 0.8,
            bool dashed = false);
  void fill_rect(const Rect& rect, const Color& color);
  void stroke_rect(const Rect& rect, const Color& color, double width_pt = 0.6);
  void fill_circle(double x, double y, double radius_pt, const Color& color);

  // Polyline through (xs[i], ys[i]) in page coordinates; NaN points break the line.
  void polyline(std::span<const double> xs, std::span<const double> ys, const Color& color, double width_pt,
                bool dashed = false);

  // Restricts drawing to `rect` until pop_clip().
  void push_clip(const Rect& rect);
  void pop_clip();

 private:
  void set_color(const Color& color);
  void set_font(const TextStyle& style);

  std::filesystem::path file_;
  ImageFormat format_;
  double width_pt_;
  double height_pt_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  bool finished_ = false;
};

}  // namespace isokin::report
