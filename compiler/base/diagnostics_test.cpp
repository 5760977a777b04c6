#include "compiler/base/diagnostics.h"

#include <gtest/gtest.h>

#include <set>

namespace kmetal {
namespace {

TEST(Diagnostics, RegistryCodesAreUniqueAndExplained) {
  std::set<std::string_view> codes;
  for (const DiagInfo& d : diagnostic_registry()) {
    EXPECT_TRUE(codes.insert(d.code).second) << d.code;
    EXPECT_EQ(d.code.size(), 6u) << d.code;
    EXPECT_GT(d.explanation.size(), 40u) << d.code << " needs a real explanation";
    EXPECT_NO_THROW((void)fmt::format(fmt::runtime(d.explanation))) << d.code;
  }
  EXPECT_EQ(find_diagnostic("KM1202")->name, "unknown_attribute");
  EXPECT_EQ(find_diagnostic("KM9999"), nullptr);
}

TEST(Diagnostics, RendersLocationCaretsNotesAndHelp) {
  SourceManager sources;
  FileId a = sources.add("a.kmetal", "tenant \"x\" {\r\n  network { cidr = 10.0.0.0/23 }\r\n}\r\n");
  DiagnosticEngine diags;
  std::uint32_t at = static_cast<std::uint32_t>(sources.text(a).find("10.0"));
  diags.report(DiagKind::unknown_attribute, SourceSpan{a, at, at + 11}, "cidrs", "network")
      .note(SourceSpan{a, 0, 6}, "declared here")
      .help("did you mean `cidr`?");
  std::string text = render_text(diags.sorted(), sources, {});
  EXPECT_EQ(text,
            "a.kmetal:2:20: error[KM1202]: unknown attribute `cidrs` in `network`\n"
            "  |\n"
            "2 |   network { cidr = 10.0.0.0/23 }\n"
            "  |                    ^^^^^^^^^^^\n"
            "a.kmetal:1:1: note: declared here\n"
            "  |\n"
            "1 | tenant \"x\" {\n"
            "  | ^^^^^^\n"
            "  = help: did you mean `cidr`?\n"
            "error: aborting due to 1 error\n");
  std::string json = render_json(diags.sorted(), sources);
  EXPECT_NE(json.find("\"code\": \"KM1202\""), std::string::npos);
  EXPECT_NE(json.find("\"column\": 20"), std::string::npos);
}

TEST(Diagnostics, SortsByFileOffsetAndCaps) {
  SourceManager sources;
  FileId a = sources.add("a.kmetal", "x = 1\ny = 2\n");
  DiagnosticEngine diags;
  for (std::uint32_t i = 0; i < 25; ++i) {
    diags.report(DiagKind::empty_file, SourceSpan{a, 24 - i, 25 - i});
  }
  std::vector<Diagnostic> sorted = diags.sorted();
  EXPECT_EQ(sorted.front().span.begin, 0u);
  EXPECT_EQ(sorted.back().span.begin, 24u);
  std::string text = render_text(sorted, sources, {});
  EXPECT_NE(text.find("note: 5 more diagnostics not shown"), std::string::npos);
  EXPECT_NE(text.find("aborting due to 25 errors"), std::string::npos);
}

}  // namespace
}  // namespace kmetal
