#include "compiler/frontend/parse.h"

#include <gtest/gtest.h>

#include "compiler/frontend/source_guard.h"

namespace kmetal::frontend {
namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticEngine diags;
  std::optional<ast::File> file;
};

std::unique_ptr<Parsed> parse(std::string text) {
  auto p = std::make_unique<Parsed>();
  if (auto id = admit_source("t.kmetal", std::move(text), p->sources, p->diags)) {
    p->file = parse_file(*id, p->sources, p->diags);
  }
  return p;
}

std::string first_code(const Parsed& p) {
  auto sorted = p.diags.sorted();
  return sorted.empty() ? "" : std::string(info(sorted.front().kind).code);
}

TEST(Parse, BuildsBlocksAttributesAndTypedLiterals) {
  auto p = parse(
      "import \"std/flavors\" as f\n"
      "let n = 3\n"
      "tenant \"a\" extends base { x = 10.0.0.0/8 y = [1, 2,] z = f.medium\n"
      "  network { cidr = auto } q = 192.0.2.1-192.0.2.9 r = 100..200 s = 16Gi t = 2.5 u = ::1 "
      "}\n");
  ASSERT_TRUE(p->file) << render_text(p->diags.sorted(), p->sources, {});
  const ast::File& f = *p->file;
  ASSERT_EQ(f.imports.size(), 1u);
  EXPECT_EQ(f.imports[0].path, "std/flavors");
  EXPECT_EQ(f.imports[0].alias, "f");
  ASSERT_EQ(f.lets.size(), 1u);
  const ast::Block& t = f.blocks.at(0);
  EXPECT_EQ(t.type, "tenant");
  EXPECT_EQ(t.label, "a");
  EXPECT_EQ(t.extends, "base");
  EXPECT_EQ(t.attributes.size(), 8u);
  EXPECT_TRUE(std::holds_alternative<Cidr>(t.attribute("x")->value.value));
  EXPECT_EQ(std::get<ast::ListExpr>(t.attribute("y")->value.value).items.size(), 2u);
  EXPECT_EQ(std::get<ast::RefExpr>(t.attribute("z")->value.value).path,
            (std::vector<std::string>{"f", "medium"}));
  EXPECT_TRUE(std::holds_alternative<IpRange>(t.attribute("q")->value.value));
  EXPECT_EQ(std::get<ast::IntRangeLit>(t.attribute("r")->value.value).high, 200);
  EXPECT_EQ(std::get<ast::NumberLit>(t.attribute("s")->value.value).kind,
            ast::NumberKind::Quantity);
  EXPECT_EQ(std::get<ast::NumberLit>(t.attribute("t")->value.value).kind, ast::NumberKind::Decimal);
  EXPECT_EQ(std::get<IpAddress>(t.attribute("u")->value.value).family, IpFamily::V6);
  EXPECT_TRUE(std::holds_alternative<ast::AutoLit>(t.blocks.at(0).attribute("cidr")->value.value));
}

TEST(Parse, DefaultImportAliasIsTheFileStem) {
  auto p = parse("import \"./lib/common.kmetal\"\nimport \"std/flavors\"\nx \"y\" {}\n");
  ASSERT_TRUE(p->file);
  EXPECT_EQ(p->file->imports[0].alias, "common");
  EXPECT_EQ(p->file->imports[1].alias, "flavors");
}

TEST(Parse, SpansAreByteOffsetsAndColumnsCountCodePoints) {
  // "é" is two bytes but one column; CRLF must not shift columns on the next line.
  auto p = parse("# caf\xC3\xA9\r\nb \"\xC3\xA9\" { k = 10.0.0.0/8 }\r\n");
  ASSERT_TRUE(p->file);
  const ast::Attribute& k = p->file->blocks[0].attributes[0];
  EXPECT_EQ(p->sources.text(k.value.span), "10.0.0.0/8");
  LineColumn lc = p->sources.line_column(k.value.span.file, k.value.span.begin);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 13u);  // b, space, quote, é (one column), quote, ... `1` is the 13th
}

TEST(Parse, StringEscapes) {
  auto p = parse("b \"x\" { s = \"q\\\"\\\\\\n\\t\\u{41}\\u{1F600}\" }\n");
  ASSERT_TRUE(p->file);
  EXPECT_EQ(std::get<ast::StringLit>(p->file->blocks[0].attributes[0].value.value).value,
            "q\"\\\n\tA\xF0\x9F\x98\x80");
  EXPECT_EQ(first_code(*parse("b \"x\" { s = \"\\u{D800}\" }")), "KM1014");
  EXPECT_EQ(first_code(*parse("b \"x\" { s = \"\\u{110000}\" }")), "KM1014");
  EXPECT_EQ(first_code(*parse("b \"x\" { s = \"\\u{}\" }")), "KM1014");
}

TEST(Parse, NewlinesSeparateNothing) {
  auto p = parse("b \"x\" { a = 1 b = 2 c { d = [1,\n2] } }");
  ASSERT_TRUE(p->file);
  EXPECT_EQ(p->file->blocks[0].attributes.size(), 2u);
}

TEST(Parse, SyntaxErrorsAreLocatedAndNeverThrow) {
  EXPECT_EQ(first_code(*parse("b \"x\" { a = }")), "KM1010");
  EXPECT_EQ(first_code(*parse("b \"x\" { a = 1 ")), "KM1011");
  EXPECT_EQ(first_code(*parse("b \"x\" { a = [1 }")), "KM1012");
  EXPECT_EQ(first_code(*parse("b \"x\" { a = 1 } }")), "KM1012");
  EXPECT_EQ(first_code(*parse("let = 3")), "KM1010");
  EXPECT_EQ(first_code(*parse("import std")), "KM1010");
}

TEST(Parse, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = "b \"x\" { a = " + std::string(200000, '[') + std::string(200000, ']') + " }";
  auto p = parse(deep);
  EXPECT_FALSE(p->file);
  EXPECT_EQ(first_code(*p), "KM1007");
  std::string ok = "b \"x\" { a = " + std::string(60, '[') + std::string(60, ']') + " }";
  EXPECT_TRUE(parse(ok)->file);
}

TEST(SourceGuard, RefusesBadBytesAndAcceptsBomAndCrlf) {
  EXPECT_EQ(first_code(*parse("")), "KM1006");
  EXPECT_EQ(first_code(*parse(std::string("a\0b", 3))), "KM1004");
  EXPECT_EQ(first_code(*parse("b \"\xFF\" {}")), "KM1002");
  EXPECT_EQ(first_code(*parse("b \"x\" {}\x07")), "KM1003");
  EXPECT_EQ(first_code(*parse("b \"x\" {}\r")), "KM1003");  // a lone CR is not a line ending
  EXPECT_EQ(first_code(*parse("b \"\xE2\x80\xAE\" {}")), "KM1005");
  auto bom = parse(
      "\xEF\xBB\xBF"
      "b \"x\" {}\r\n");
  ASSERT_TRUE(bom->file);
  EXPECT_EQ(bom->sources.line_column(bom->file->id, bom->file->blocks[0].span.begin).column, 1u);
  auto big = parse(std::string(kMaxSourceBytes + 1, ' '));
  EXPECT_EQ(first_code(*big), "KM1001");
}

}  // namespace
}  // namespace kmetal::frontend
