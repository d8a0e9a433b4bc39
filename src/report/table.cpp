#include "report/table.hpp"

namespace isokin::report {

namespace {
// Shortens `text` to fit `width` (UTF-8 aware: never cuts inside a code point).
std::string fit(Canvas& canvas, const std::string& text, double width, const TextStyle& style) {
  if (canvas.text_width(text, style) <= width) return text;
  std::string s = text;
  while (!s.empty() && canvas.text_width(s + "…", style) > width) {
    s.pop_back();
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  }
  return s + "…";
}

double cell_x(double x, const TableColumn& column) {
  switch (column.align) {
    case Align::left: return x + 3;
    case Align::center: return x + column.width_pt / 2;
    case Align::right: return x + column.width_pt - 3;
  }
  return x;
}
}  // namespace

double draw_table(Canvas& canvas, double x, double y, const std::vector<TableColumn>& columns,
                  const std::vector<TableRow>& rows, const TableStyle& style) {
  double total_width = 0;
  for (const auto& column : columns) total_width += column.width_pt;
  const double h = style.row_height_pt;
  const double baseline = h * 0.5 + style.size_pt * 0.35;

  canvas.fill_rect({x, y, total_width, h}, palette::light_grey);
  double cx = x;
  for (const auto& column : columns) {
    TextStyle ts{style.size_pt, true, palette::ink, column.align};
    canvas.text(cell_x(cx, column), y + baseline, fit(canvas, column.title, column.width_pt - 6, ts), ts);
    cx += column.width_pt;
  }
  double cy = y + h;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r % 2 == 1) canvas.fill_rect({x, cy, total_width, h}, palette::faint);
    cx = x;
    for (std::size_t c = 0; c < columns.size() && c < rows[r].size(); ++c) {
      const TableCell& cell = rows[r][c];
      TextStyle ts{style.size_pt, cell.bold, cell.color, columns[c].align};
      canvas.text(cell_x(cx, columns[c]), cy + baseline, fit(canvas, cell.text, columns[c].width_pt - 6, ts), ts);
      cx += columns[c].width_pt;
    }
    cy += h;
  }
  canvas.line(x, cy, x + total_width, cy, palette::grey, 0.6);
  return cy - y;
}

}  // namespace isokin::report
