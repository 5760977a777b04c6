// The one YAML writer. Manifests are JSON-shaped data until here; this decides the syntax:
// block style, two-space indent, keys in the order the backend built them, every string
// double-quoted (so `yes`, `on`, `0x1`, `017`, `1e3`, `12:30` stay strings under YAML 1.1
// loaders), `{}`/`[]` for empty collections, LF line ends and a final newline. A null is a
// compiler bug, never output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kmetal::emit {

std::string to_yaml(const nlohmann::ordered_json& document);
// The same, appended to `out`.
void append_yaml(std::string& out, const nlohmann::ordered_json& document);

}  // namespace kmetal::emit
