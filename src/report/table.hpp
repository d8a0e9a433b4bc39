// Tables on a Canvas: a header row, body rows with optional per-cell colour, thin
// rules between rows. Used for the key-measures table of the report and the
// session-by-session table of the progress report.
#pragma once

#include <string>
#include <vector>

#include "report/canvas.hpp"

namespace isokin::report {

struct TableCell {
  std::string text;
  Color color = palette::ink;
  bool bold = false;
};

using TableRow = std::vector<TableCell>;

struct TableColumn {
  std::string title;
  double width_pt = 60;
  Align align = Align::left;
};

struct TableStyle {
  double size_pt = 8;
  double row_height_pt = 13;
};

// Draws the table with its top-left corner at (x, y); returns the height used.
// Text too wide for its column is shortened with an ellipsis.
double draw_table(Canvas& canvas, double x, double y, const std::vector<TableColumn>& columns,
                  const std::vector<TableRow>& rows, const TableStyle& style = {});

}  // namespace isokin::report
