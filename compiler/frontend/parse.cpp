// The only translation unit (with its AST builder below) that sees ANTLR.
#include "compiler/frontend/parse.h"

#include <KmetalLexer.h>
#include <KmetalParser.h>
#include <antlr4-runtime.h>

#include <set>

#include "compiler/frontend/literals.h"

namespace kmetal::frontend {
namespace {

using kmetal_antlr::KmetalLexer;
using kmetal_antlr::KmetalParser;
using Token = antlr4::Token;

constexpr std::size_t kMaxSyntaxErrors = 20;

// ANTLR indexes code points; spans are byte offsets. Identity for ASCII files.
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view text) {
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return;
    for (std::uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_of_.push_back(i);
    }
    byte_of_.push_back(static_cast<std::uint32_t>(text.size()));
  }
  std::uint32_t byte(std::size_t code_point) const {
    if (byte_of_.empty()) return static_cast<std::uint32_t>(code_point);
    return byte_of_[std::min(code_point, byte_of_.size() - 1)];
  }

 private:
  std::vector<std::uint32_t> byte_of_;
};

class Spans {
 public:
  Spans(FileId file, const OffsetMap& map) : file_(file), map_(map) {}
  SourceSpan of(const Token* t) const {
    if (t->getType() == Token::EOF) {
      std::uint32_t at = map_.byte(t->getStartIndex());
      return {file_, at, at};
    }
    return {file_, map_.byte(t->getStartIndex()), map_.byte(t->getStopIndex() + 1)};
  }
  SourceSpan of(antlr4::tree::TerminalNode* node) const { return of(node->getSymbol()); }
  SourceSpan of(antlr4::ParserRuleContext* ctx) const {
    return {file_, of(ctx->getStart()).begin, of(ctx->getStop()).end};
  }
  FileId file() const { return file_; }

 private:
  FileId file_;
  const OffsetMap& map_;
};

std::string describe_token(const Token* t) {
  if (t->getType() == Token::EOF) return "end of file";
  return "`" + t->getText() + "`";
}

// "expected a value, found `}`": token sets named the way a user thinks of them.
std::string expected_text(const antlr4::misc::IntervalSet& expected) {
  std::set<std::string> words;
  for (auto signed_type : expected.toList()) {
    switch (static_cast<std::size_t>(signed_type)) {
      case KmetalParser::IDENT:
        words.insert("a name");
        break;
      case KmetalParser::STRING:
        words.insert("a string");
        break;
      case KmetalParser::LBRACE:
        words.insert("`{`");
        break;
      case KmetalParser::RBRACE:
        words.insert("`}`");
        break;
      case KmetalParser::LBRACK:
        words.insert("`[`");
        break;
      case KmetalParser::RBRACK:
        words.insert("`]`");
        break;
      case KmetalParser::COMMA:
        words.insert("`,`");
        break;
      case KmetalParser::DOT:
        words.insert("`.`");
        break;
      case KmetalParser::ASSIGN:
        words.insert("`=`");
        break;
      case KmetalParser::EXTENDS:
        words.insert("`extends`");
        break;
      case KmetalParser::AS:
        words.insert("`as`");
        break;
      case KmetalParser::IMPORT:
        words.insert("`import`");
        break;
      case KmetalParser::LET:
        words.insert("`let`");
        break;
      case Token::EOF:
        words.insert("end of file");
        break;
      default:
        words.insert("a value");
        break;
    }
  }
  std::string out;
  std::size_t i = 0;
  for (const std::string& w : words) {
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ");
    out += w;
    ++i;
  }
  return out;
}

class SyntaxErrors : public antlr4::BaseErrorListener {
 public:
  SyntaxErrors(const Spans& spans, DiagnosticEngine& diags) : spans_(spans), diags_(diags) {}
  void syntaxError(antlr4::Recognizer* recognizer, Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (count_++ >= kMaxSyntaxErrors || offending == nullptr) return;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::string message = "unexpected " + describe_token(offending);
    if (parser != nullptr) {
      std::string expected = expected_text(parser->getExpectedTokens());
      if (!expected.empty())
        message = "expected " + expected + ", found " + describe_token(offending);
    }
    Diagnostic& d = diags_.report(DiagKind::syntax_error, spans_.of(offending), message);
    if (offending->getType() == KmetalParser::IDENT && parser != nullptr &&
        parser->getExpectedTokens().contains(static_cast<std::size_t>(KmetalParser::ASSIGN))) {
      d.help("attributes are written `name = value`");
    }
  }
  std::size_t count() const { return count_; }

 private:
  const Spans& spans_;
  DiagnosticEngine& diags_;
  std::size_t count_ = 0;
};

// Reports bad tokens and unbalanced or too-deep delimiters. Runs over the flat token list,
// so hostile nesting is refused here, before the recursive-descent parser could overflow.
bool prescan(const std::vector<Token*>& tokens, const Spans& spans, DiagnosticEngine& diags) {
  std::size_t before = diags.error_count();
  std::vector<const Token*> open;
  for (const Token* t : tokens) {
    if (diags.error_count() - before >= kMaxSyntaxErrors) break;
    if (t->getChannel() != Token::DEFAULT_CHANNEL) continue;
    switch (t->getType()) {
      case KmetalParser::ERROR_CHAR: {
        Diagnostic& d = diags.report(DiagKind::unexpected_character, spans.of(t), t->getText());
        if (t->getText() == ";" || t->getText() == ",") {
          d.help("attributes need no separator: write them on their own lines or side by side");
        }
        break;
      }
      case KmetalParser::UNTERMINATED_STRING:
        diags.report(DiagKind::unterminated_string, spans.of(t))
            .help("strings end on the line they start; write a line break as `\\n`");
        break;
      case KmetalParser::BAD_NUMBER:
        report_bad_number(t->getText(), spans.of(t), diags);
        break;
      case KmetalParser::LBRACE:
      case KmetalParser::LBRACK:
        open.push_back(t);
        if (open.size() > kMaxNesting) {
          diags.report(DiagKind::nesting_too_deep, spans.of(t), kMaxNesting);
          return false;
        }
        break;
      case KmetalParser::RBRACE:
      case KmetalParser::RBRACK: {
        std::size_t want =
            t->getType() == KmetalParser::RBRACE ? KmetalParser::LBRACE : KmetalParser::LBRACK;
        if (open.empty() || open.back()->getType() != want) {
          Diagnostic& d = diags.report(DiagKind::unmatched_delimiter, spans.of(t), t->getText());
          if (!open.empty())
            d.note(spans.of(open.back()),
                   "the innermost open delimiter is this `" + open.back()->getText() + "`");
          return false;
        }
        open.pop_back();
        break;
      }
      default:
        break;
    }
  }
  if (!open.empty() && diags.error_count() == before) {
    const Token* t = open.back();
    diags.report(DiagKind::unclosed_delimiter, spans.of(t), t->getText())
        .help(std::string("add the matching `") + (t->getText() == "{" ? "}" : "]") + "`");
  }
  return diags.error_count() == before;
}

class Builder {
 public:
  Builder(const Spans& spans, DiagnosticEngine& diags) : spans_(spans), diags_(diags) {}

  ast::File file(KmetalParser::FileContext* ctx) {
    ast::File out;
    out.id = spans_.file();
    for (auto* item : ctx->item()) {
      if (auto* imp = item->importDecl()) out.imports.push_back(import(imp));
      if (auto* let = item->letDecl()) {
        if (auto value = expr(let->expr())) {
          out.lets.push_back({let->IDENT()->getText(), spans_.of(let->IDENT()), std::move(*value)});
        }
      }
      if (auto* b = item->block()) {
        if (auto built = block(b)) out.blocks.push_back(std::move(*built));
      }
    }
    return out;
  }
  bool ok() const { return ok_; }

 private:
  ast::Import import(KmetalParser::ImportDeclContext* ctx) {
    ast::Import out;
    out.span = spans_.of(ctx);
    out.path_span = spans_.of(ctx->STRING());
    if (auto lit =
            parse_literal(LiteralKind::String, ctx->STRING()->getText(), out.path_span, diags_)) {
      out.path = std::get<ast::StringLit>(lit->value).value;
    } else {
      ok_ = false;
    }
    if (ctx->IDENT() != nullptr) {
      out.alias = ctx->IDENT()->getText();
      out.alias_span = spans_.of(ctx->IDENT());
    } else {
      std::string_view name = out.path;
      name = name.substr(name.rfind('/') + 1);
      if (name.size() > 7 && name.substr(name.size() - 7) == ".kmetal") name.remove_suffix(7);
      out.alias = std::string(name);
      out.alias_span = out.path_span;
    }
    return out;
  }

  std::optional<ast::Block> block(KmetalParser::BlockContext* ctx) {
    ast::Block out;
    out.type = ctx->IDENT(0)->getText();
    out.type_span = spans_.of(ctx->IDENT(0));
    out.span = spans_.of(ctx);
    bool good = true;
    if (ctx->STRING() != nullptr) {
      out.label_span = spans_.of(ctx->STRING());
      auto lit =
          parse_literal(LiteralKind::String, ctx->STRING()->getText(), out.label_span, diags_);
      if (lit) out.label = std::get<ast::StringLit>(lit->value).value;
      good = good && lit.has_value();
    }
    if (ctx->EXTENDS() != nullptr) {
      out.extends = ctx->IDENT(1)->getText();
      out.extends_span = spans_.of(ctx->IDENT(1));
    }
    for (auto* member : ctx->member()) {
      if (auto* attr = member->attribute()) {
        auto value = expr(attr->expr());
        if (!value) continue;
        out.attributes.push_back(
            {attr->IDENT()->getText(), spans_.of(attr->IDENT()), std::move(*value), false});
      } else if (auto child = block(member->block())) {
        out.blocks.push_back(std::move(*child));
      }
    }
    if (!good) return std::nullopt;
    return out;
  }

  std::optional<ast::Expr> expr(KmetalParser::ExprContext* ctx) {
    SourceSpan span = spans_.of(ctx);
    if (auto* ref = ctx->reference()) {
      ast::RefExpr out;
      for (auto* id : ref->IDENT()) out.path.push_back(id->getText());
      return ast::Expr{std::move(out), span};
    }
    if (auto* list = ctx->list()) {
      ast::ListExpr out;
      bool good = true;
      for (auto* item : list->expr()) {
        auto value = expr(item);
        if (value) out.items.push_back(std::move(*value));
        good = good && value.has_value();
      }
      if (!good) return std::nullopt;
      return ast::Expr{std::move(out), span};
    }
    auto* token = ctx->literal()->getStart();
    LiteralKind kind;
    switch (token->getType()) {
      case KmetalParser::TRUE:
        return ast::Expr{ast::BoolLit{true}, span};
      case KmetalParser::FALSE:
        return ast::Expr{ast::BoolLit{false}, span};
      case KmetalParser::AUTO:
        return ast::Expr{ast::AutoLit{}, span};
      case KmetalParser::STRING:
        kind = LiteralKind::String;
        break;
      case KmetalParser::INT:
        kind = LiteralKind::Int;
        break;
      case KmetalParser::DECIMAL:
        kind = LiteralKind::Decimal;
        break;
      case KmetalParser::QUANTITY:
        kind = LiteralKind::Quantity;
        break;
      case KmetalParser::IPV4:
      case KmetalParser::IPV6:
        kind = LiteralKind::Ip;
        break;
      case KmetalParser::CIDR:
        kind = LiteralKind::Cidr;
        break;
      case KmetalParser::IP_RANGE:
        kind = LiteralKind::IpRange;
        break;
      default:
        kind = LiteralKind::IntRange;
        break;
    }
    auto value = parse_literal(kind, token->getText(), span, diags_);
    if (!value) ok_ = false;
    return value;
  }

  const Spans& spans_;
  DiagnosticEngine& diags_;
  bool ok_ = true;
};

}  // namespace

std::optional<ast::File> parse_file(FileId file, const SourceManager& sources,
                                    DiagnosticEngine& diags) {
  std::string_view text = sources.text(file);
  OffsetMap offsets(text);
  Spans spans(file, offsets);

  antlr4::ANTLRInputStream input(text.data(), text.size());
  KmetalLexer lexer(&input);
  lexer.removeErrorListeners();  // ERROR_CHAR makes the lexer total; prescan reports it
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!prescan(tokens.getTokens(), spans, diags)) return std::nullopt;

  KmetalParser parser(&tokens);
  parser.removeErrorListeners();
  KmetalParser::FileContext* tree = nullptr;
  // Two-stage parse: SLL is fast and right for every valid kmetal file; only on a syntax
  // error do we reparse with full LL to get the precise error location and message.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    tree = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    SyntaxErrors listener(spans, diags);
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::LL);
    tree = parser.file();
    parser.removeErrorListeners();
    if (listener.count() > 0) return std::nullopt;
  }
  Builder builder(spans, diags);
  ast::File out = builder.file(tree);
  if (!builder.ok()) return std::nullopt;
  return out;
}

}  // namespace kmetal::frontend
