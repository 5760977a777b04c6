#include "compiler/emit/yaml.h"

#include <array>
#include <cstdio>

#include "compiler/base/internal_error.h"

namespace kmetal::emit {
namespace {

using Json = nlohmann::ordered_json;

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

// Runs of characters that need no escape are appended whole.
void append_quoted(std::string& out, const std::string& s) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!needs_escape(c)) continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {  // the other control characters
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X",
                      static_cast<unsigned>(static_cast<unsigned char>(c)));
        out += buf;
      }
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

// Keys are left bare only when no YAML 1.1 or 1.2 reader could take them for anything but a
// string; everything else is quoted like a value.
void append_key(std::string& out, const std::string& k) {
  static const std::array<const char*, 22> special = {
      "y",  "Y",  "n",   "N",   "yes", "Yes",  "YES",  "no",    "No",    "NO",   "on",
      "On", "ON", "off", "Off", "OFF", "true", "True", "false", "False", "null", "~"};
  bool plain = !k.empty() && (std::isalpha(static_cast<unsigned char>(k[0])) != 0);
  for (char c : k) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ||
                      c == '.' || c == '/');
  }
  // Every special word is five characters or fewer.
  for (std::size_t i = 0; plain && k.size() <= 5 && i < special.size(); ++i) {
    plain = k != special[i];
  }
  if (plain) {
    out += k;
  } else {
    append_quoted(out, k);
  }
}

void append_scalar(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      append_quoted(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return;
    case Json::value_t::object:
      out += "{}";  // only reached when empty
      return;
    case Json::value_t::array:
      out += "[]";
      return;
    default:
      break;
  }
  KMETAL_CHECK(false, "a manifest holds a null or floating-point value");
}

bool nested(const Json& v) {
  return (v.is_object() || v.is_array()) && !v.empty();
}

void write(std::string& out, const Json& v, int indent);

void write_map(std::string& out, const Json& map, int indent, bool first_inline) {
  bool first = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const Json& value = it.value();
    if (!(first && first_inline)) out.append(static_cast<std::size_t>(indent), ' ');
    first = false;
    append_key(out, it.key());
    out += ':';
    if (nested(value)) {
      out += "\n";
      write(out, value, value.is_array() ? indent : indent + 2);
    } else {
      out += ' ';
      append_scalar(out, value);
      out += '\n';
    }
  }
}

void write(std::string& out, const Json& v, int indent) {
  if (v.is_object()) {
    write_map(out, v, indent, false);
    return;
  }
  for (const Json& item : v) {
    out.append(static_cast<std::size_t>(indent), ' ');
    out += "- ";
    if (item.is_object() && !item.empty()) {
      write_map(out, item, indent + 2, true);
    } else if (item.is_array() && !item.empty()) {
      out += "\n";
      write(out, item, indent + 2);
    } else {
      append_scalar(out, item);
      out += '\n';
    }
  }
}

}  // namespace

void append_yaml(std::string& out, const Json& document) {
  KMETAL_CHECK(document.is_object(), "a manifest document is not a mapping");
  write(out, document, 0);
}

std::string to_yaml(const Json& document) {
  std::string out;
  append_yaml(out, document);
  return out;
}

}  // namespace kmetal::emit
