// Source files held in memory and the spans that point into them. Spans are byte offsets;
// line and column are computed on demand (columns count code points, 1-based).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/typed_id.h"

namespace kmetal {

using FileId = TypedId<struct FileTag>;

struct SourceSpan {
  FileId file;
  std::uint32_t begin = 0;  // byte offset of the first byte
  std::uint32_t end = 0;    // byte offset one past the last byte
  bool valid() const { return file.valid(); }
};

struct LineColumn {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in code points
};

class SourceManager {
 public:
  // `display` is the name shown in diagnostics; `text` must already be valid UTF-8 without BOM.
  FileId add(std::string display, std::string text);
  std::size_t size() const { return files_.size(); }

  const std::string& display(FileId id) const { return files_.at(id.value).display; }
  std::string_view text(FileId id) const { return files_.at(id.value).text; }
  std::string_view text(SourceSpan span) const;
  LineColumn line_column(FileId id, std::uint32_t offset) const;
  // The text of 1-based `line` without its line terminator (LF or CRLF).
  std::string_view line_text(FileId id, std::uint32_t line) const;

 private:
  struct File {
    std::string display;
    std::string text;
    std::vector<std::uint32_t> line_starts;
  };
  std::vector<File> files_;
};

}  // namespace kmetal
