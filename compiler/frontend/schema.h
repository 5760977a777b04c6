// The block schema: which blocks may appear where, which attributes each takes, of what
// type, required or defaulted. The grammar knows none of this; resolve.cpp enforces it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kmetal::frontend {

enum class ValueType {
  String,        // free text
  Version,       // "MAJOR.MINOR.PATCH"
  Domain,        // a DNS name, lowercase labels separated by dots
  Image,         // a fully qualified container image reference with a tag or digest
  ObjectName,    // the name of an existing Kubernetes object (a DNS-1123 subdomain)
  ResourceName,  // an extended resource name, domain-qualified: "nvidia.com/GA102GL_A10"
  Interface,     // a host's network interface name, as Linux accepts it: "bond1"
  Url,           // an https:// or oci:// URL of a chart repository
  ChartVersion,  // an exact chart version: MAJOR.MINOR.PATCH, optionally `v`-prefixed
  Int,           // integer within [min, max]
  Ratio,         // decimal or integer > 0, at most 3 decimal places
  Cpu,           // quantity in millicores (4, 500m, 2.5)
  Bytes,         // quantity in whole bytes (16Gi, 200G)
  Ip,            // one address
  IpOrAuto,      // an address or `auto`
  Cidr,          // a network
  CidrOrAuto,    // a network or `auto`
  IntOrAuto,     // an integer within [min, max] or `auto`
  IntRange,      // LOW..HIGH within [min, max]
  CidrList,      // [CIDR, ...]
  IpList,        // [IP, ...], not empty
  AddressList,   // [CIDR | A-B | IP, ...]
  Choice,        // one bare word of `choices`
  NameRef,       // the name of a platform block of type `target` (bare word or string)
  FlavorRef,     // a flavor: `medium` (project) or `alias.medium` (imported module)
};

enum class DefaultKind { None, Int, Decimal, Auto, String, Word, EmptyList };

struct AttributeSchema {
  std::string_view name;
  ValueType type;
  bool required = false;
  DefaultKind default_kind = DefaultKind::None;
  std::string_view default_text;  // e.g. "24", "1.0", "l2"
  std::int64_t min = INT64_MIN;   // Int/IntOrAuto/IntRange bounds
  std::int64_t max = INT64_MAX;
  std::string_view target;  // NameRef: block type; Choice: "l2|bgp"
};

struct BlockSchema {
  std::string_view type;
  bool labelled = false;  // `host_pool "NAME" { }`; unlabelled blocks appear at most once
  std::vector<AttributeSchema> attributes;
  std::vector<std::string_view> children;
  std::vector<std::string_view> required_children;

  const AttributeSchema* attribute(std::string_view name) const;
  std::vector<std::string> attribute_names() const;
};

// nullptr when `type` is not a block type at all.
const BlockSchema* find_block_schema(std::string_view type);
// The block types allowed at the top of a file.
const std::vector<std::string_view>& top_level_blocks();
// A phrase naming the kind of value a type accepts: "a CIDR or `auto`".
std::string_view describe(ValueType type);

}  // namespace kmetal::frontend
