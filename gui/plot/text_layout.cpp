#include "gui/plot/text_layout.hpp"

#include <cstdio>
#include <fstream>

#include "model/error.hpp"

namespace isokin::gui {
namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void write_text_layout(const std::filesystem::path& file, const std::vector<TextBox>& boxes) {
  const std::filesystem::path part = file.string() + ".part";
  {
    std::ofstream out(part, std::ios::trunc);
    out << "[\n";
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const auto& b = boxes[i];
      char numbers[160];
      std::snprintf(numbers, sizeof numbers, "\"x0\": %.1f, \"y0\": %.1f, \"x1\": %.1f, \"y1\": %.1f", b.min.x, b.min.y,
                    b.max.x, b.max.y);
      out << "  {\"plot\": " << json_string(b.plot) << ", \"role\": " << json_string(b.role)
          << ", \"text\": " << json_string(b.text) << ", " << numbers << "}" << (i + 1 < boxes.size() ? ",\n" : "\n");
    }
    out << "]\n";
    out.flush();
    if (!out) throw Error(file.string() + ": cannot write the layout");
  }
  std::filesystem::rename(part, file);
}

}  // namespace isokin::gui
