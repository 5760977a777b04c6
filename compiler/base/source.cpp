#include "compiler/base/source.h"

#include <algorithm>

#include "compiler/base/text.h"

namespace kmetal {

FileId SourceManager::add(std::string display, std::string text) {
  File file{std::move(display), std::move(text), {0}};
  for (std::uint32_t i = 0; i < file.text.size(); ++i) {
    if (file.text[i] == '\n') file.line_starts.push_back(i + 1);
  }
  files_.push_back(std::move(file));
  return FileId{static_cast<std::uint32_t>(files_.size() - 1)};
}

std::string_view SourceManager::text(SourceSpan span) const {
  std::string_view all = text(span.file);
  if (span.begin > all.size()) return {};
  return all.substr(span.begin, std::min<std::size_t>(span.end, all.size()) - span.begin);
}

LineColumn SourceManager::line_column(FileId id, std::uint32_t offset) const {
  const File& file = files_.at(id.value);
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(file.text.size()));
  auto it = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - file.line_starts.begin());
  std::uint32_t start = file.line_starts[line - 1];
  std::string_view prefix(file.text.data() + start, offset - start);
  return {line, static_cast<std::uint32_t>(count_code_points(prefix)) + 1};
}

std::string_view SourceManager::line_text(FileId id, std::uint32_t line) const {
  const File& file = files_.at(id.value);
  if (line == 0 || line > file.line_starts.size()) return {};
  std::uint32_t start = file.line_starts[line - 1];
  std::size_t end = file.text.find('\n', start);
  if (end == std::string::npos) end = file.text.size();
  std::string_view text(file.text.data() + start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace kmetal
