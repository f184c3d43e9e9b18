// The SDL rules (graphql-js's specifiedSDLRules, with its messages): unique names of types,
// fields, arguments, enum values, directives and operation types; known types and directives;
// directives in allowed locations, at most once unless repeatable, with known, unique and
// required arguments; extensions of defined types of the same kind. They run over every file
// as one document, before anything is built, and each error points at the offending node.
#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "graphql/did_you_mean.hpp"
#include "graphql/schema_builder.hpp"

namespace stashql {
namespace {

using TypeDef = ast::TypeDefinition;

// The names every SDL may use without defining them (graphql-js's standardTypeNames).
const std::vector<std::string_view>& standard_type_names() {
  static const std::vector<std::string_view> kNames = {
      "String",    "Int",      "Float",        "Boolean",
      "ID",        "__Schema", "__Directive",  "__DirectiveLocation",
      "__Type",    "__Field",  "__InputValue", "__EnumValue",
      "__TypeKind"};
  return kNames;
}

// How the rules name a kind of type definition: as a directive location, and in words.
struct KindNames {
  const char* location;
  const char* word;
};

KindNames kind_names(TypeDef::Kind kind) {
  switch (kind) {
    case TypeDef::Kind::scalar:
      return {"SCALAR", "scalar"};
    case TypeDef::Kind::object:
      return {"OBJECT", "object"};
    case TypeDef::Kind::interface:
      return {"INTERFACE", "interface"};
    case TypeDef::Kind::union_type:
      return {"UNION", "union"};
    case TypeDef::Kind::enumeration:
      return {"ENUM", "enum"};
    case TypeDef::Kind::input_object:
      return {"INPUT_OBJECT", "input object"};
  }
  return {"", ""};
}

// What the rules need to know of a directive: its locations, repeatability, arguments.
struct DirectiveInfo {
  std::vector<std::string> locations;
  bool repeatable = false;
  std::vector<std::string> arguments;
  std::vector<std::pair<std::string, std::string>> required;  // name, type as written
};

std::unordered_map<std::string, DirectiveInfo> known_directives(
    const std::vector<SdlDocument>& docs) {
  std::unordered_map<std::string, DirectiveInfo> known;
  known["include"] = {
      {"FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"}, false, {"if"}, {{"if", "Boolean!"}}};
  known["skip"] = {
      {"FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"}, false, {"if"}, {{"if", "Boolean!"}}};
  known["deprecated"] = {{"FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION",
                          "ENUM_VALUE", "DIRECTIVE_DEFINITION"},
                         false,
                         {"reason"},
                         {}};
  known["specifiedBy"] = {{"SCALAR"}, false, {"url"}, {{"url", "String!"}}};
  known["oneOf"] = {{"INPUT_OBJECT"}, false, {}, {}};
  for (const SdlDocument& doc : docs) {
    for (const ast::DirectiveDefinition& def : doc.document.directives) {
      DirectiveInfo info;
      for (const ast::Name& location : def.locations)
        info.locations.push_back(location.value);
      info.repeatable = def.repeatable;
      for (const ast::InputValueDefinition& arg : def.arguments) {
        info.arguments.push_back(arg.name.value);
        if (arg.type.kind == ast::Type::Kind::non_null && !arg.default_value) {
          info.required.emplace_back(arg.name.value, type_string(arg.type));
        }
      }
      known[def.name.value] = std::move(info);
    }
  }
  return known;
}

const ast::Type& innermost(const ast::Type& type) {
  const ast::Type* t = &type;
  while (t->kind != ast::Type::Kind::named && t->of)
    t = t->of.get();
  return *t;
}

class SdlChecker {
 public:
  SdlChecker(const std::vector<SdlDocument>& docs, std::vector<SourceError>& errors)
      : docs_(docs), errors_(errors) {}

  void run() {
    lone_schema_definition();
    unique_operation_types();
    unique_type_names();
    unique_enum_value_names();
    unique_field_definition_names();
    unique_argument_definition_names();
    unique_directive_names();
    known_type_names();
    directives_applied();
    possible_type_extensions();
    unique_input_field_names();
    // graphql-js visits the document once with every rule: its errors come in document order.
    std::stable_sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
      return std::tie(a.doc, a.loc.line, a.loc.column) < std::tie(b.doc, b.loc.line, b.loc.column);
    });
    for (Found& f : found_) {
      errors_.push_back(SourceError{docs_[f.doc].file, f.loc, std::move(f.message)});
    }
  }

 private:
  struct Found {
    std::size_t doc;
    Location loc;
    std::string message;
  };

  void report(std::size_t doc, Location loc, std::string message) {
    found_.push_back(Found{doc, loc, std::move(message)});
  }

  template <class Fn>
  void for_each_type(Fn&& fn) {
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const TypeDef& def : docs_[doc].document.types)
        fn(def, doc);
    }
  }

  void lone_schema_definition() {
    int definitions = 0;
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const ast::SchemaDefinition& schema : docs_[doc].document.schemas) {
        if (schema.extension) continue;
        if (definitions++ > 0) report(doc, schema.loc, "Must provide only one schema definition.");
      }
    }
  }

  void unique_operation_types() {
    std::unordered_set<int> defined;
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const ast::SchemaDefinition& schema : docs_[doc].document.schemas) {
        for (const ast::OperationTypeDefinition& op : schema.operation_types) {
          if (!defined.insert(static_cast<int>(op.operation)).second) {
            report(doc, op.loc,
                   "There can be only one " + std::string(ast::operation_keyword(op.operation)) +
                       " type in schema.");
          }
        }
      }
    }
  }

  void unique_type_names() {
    std::unordered_set<std::string> seen;
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      if (def.extension) return;
      if (!seen.insert(def.name.value).second) {
        report(doc, def.name.loc, "There can be only one type named \"" + def.name.value + "\".");
      }
    });
  }

  void unique_enum_value_names() {
    std::unordered_map<std::string, std::unordered_set<std::string>> seen;
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      if (def.kind != TypeDef::Kind::enumeration) return;
      auto& names = seen[def.name.value];
      for (const ast::EnumValueDefinition& value : def.values) {
        if (!names.insert(value.name.value).second) {
          report(doc, value.name.loc,
                 "Enum value \"" + def.name.value + "." + value.name.value +
                     "\" can only be defined once.");
        }
      }
    });
  }

  void unique_field_definition_names() {
    std::unordered_map<std::string, std::unordered_set<std::string>> seen;
    auto check = [&](const std::string& type_name, const ast::Name& name, std::size_t doc) {
      if (!seen[type_name].insert(name.value).second) {
        report(doc, name.loc,
               "Field \"" + type_name + "." + name.value + "\" can only be defined once.");
      }
    };
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      for (const ast::FieldDefinition& field : def.fields)
        check(def.name.value, field.name, doc);
      for (const ast::InputValueDefinition& field : def.input_fields) {
        check(def.name.value, field.name, doc);
      }
    });
  }

  void check_argument_uniqueness(const std::string& parent,
                                 const std::vector<ast::InputValueDefinition>& args,
                                 std::size_t doc) {
    std::vector<std::string_view> reported;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& name = args[i].name.value;
      if (std::find(reported.begin(), reported.end(), name) != reported.end()) continue;
      for (std::size_t j = i + 1; j < args.size(); ++j) {
        if (args[j].name.value != name) continue;
        report(doc, args[j].name.loc,
               "Argument \"" + parent + "(" + name + ":)\" can only be defined once.");
        reported.push_back(name);
        break;
      }
    }
  }

  void unique_argument_definition_names() {
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const ast::DirectiveDefinition& def : docs_[doc].document.directives) {
        check_argument_uniqueness("@" + def.name.value, def.arguments, doc);
      }
    }
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      for (const ast::FieldDefinition& field : def.fields) {
        check_argument_uniqueness(def.name.value + "." + field.name.value, field.arguments, doc);
      }
    });
  }

  void unique_directive_names() {
    std::unordered_set<std::string> seen;
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const ast::DirectiveDefinition& def : docs_[doc].document.directives) {
        if (!seen.insert(def.name.value).second) {
          report(doc, def.name.loc,
                 "There can be only one directive named \"@" + def.name.value + "\".");
        }
      }
    }
  }

  void known_type_names() {
    std::vector<std::string_view> defined;
    std::unordered_set<std::string_view> defined_set;
    for_each_type([&](const TypeDef& def, std::size_t) {
      if (!def.extension && defined_set.insert(def.name.value).second) {
        defined.push_back(def.name.value);
      }
    });
    std::vector<std::string_view> candidates = standard_type_names();
    candidates.insert(candidates.end(), defined.begin(), defined.end());
    auto check = [&](const std::string& name, Location loc, std::size_t doc) {
      if (defined_set.count(name) != 0) return;
      const auto& standard = standard_type_names();
      if (std::find(standard.begin(), standard.end(), name) != standard.end()) return;
      report(doc, loc,
             "Unknown type \"" + name + "\"." + did_you_mean(suggestion_list(name, candidates)));
    };
    auto check_type = [&](const ast::Type& type, std::size_t doc) {
      const ast::Type& named = innermost(type);
      check(named.name, named.loc, doc);
    };
    for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
      for (const ast::SchemaDefinition& schema : docs_[doc].document.schemas) {
        for (const ast::OperationTypeDefinition& op : schema.operation_types) {
          check(op.type.value, op.type.loc, doc);
        }
      }
    }
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      for (const ast::Name& name : def.interfaces)
        check(name.value, name.loc, doc);
      for (const ast::Name& name : def.members)
        check(name.value, name.loc, doc);
    });
    for_each_input_value_definition(docs_, [&](const ast::InputValueDefinition& value,
                                               std::size_t doc) { check_type(value.type, doc); });
    for_each_type([&](const TypeDef& def, std::size_t doc) {
      for (const ast::FieldDefinition& field : def.fields)
        check_type(field.type, doc);
    });
  }

  // KnownDirectives, UniqueDirectivesPerLocation, KnownArgumentNamesOnDirectives,
  // UniqueArgumentNames and ProvidedRequiredArgumentsOnDirectives, site by site.
  void directives_applied() {
    auto known = known_directives(docs_);
    std::unordered_set<std::string> schema_seen;
    std::unordered_map<std::string, std::unordered_set<std::string>> type_seen;
    for_each_directive_site(docs_, [&](const DirectiveSite& site) {
      std::unordered_set<std::string> local_seen;
      std::unordered_set<std::string>* seen = &local_seen;
      if (site.group == DirectiveSite::Group::schema) seen = &schema_seen;
      if (site.group == DirectiveSite::Group::type) seen = &type_seen[std::string(site.type_name)];

      for (const ast::Directive& directive : *site.directives) {
        const std::string& name = directive.name.value;
        auto it = known.find(name);
        if (it == known.end()) {
          report(site.doc, directive.loc, "Unknown directive \"@" + name + "\".");
          check_unique_arguments(directive, site.doc);
          continue;
        }
        const DirectiveInfo& info = it->second;
        if (std::find(info.locations.begin(), info.locations.end(), site.location) ==
            info.locations.end()) {
          report(
              site.doc, directive.loc,
              "Directive \"@" + name + "\" may not be used on " + std::string(site.location) + ".");
        }
        if (!info.repeatable && !seen->insert(name).second) {
          report(site.doc, directive.loc,
                 "The directive \"@" + name + "\" can only be used once at this location.");
        }
        std::vector<std::string_view> arg_names(info.arguments.begin(), info.arguments.end());
        for (const ast::Argument& arg : directive.arguments) {
          if (std::find(arg_names.begin(), arg_names.end(), arg.name.value) != arg_names.end()) {
            continue;
          }
          report(site.doc, arg.name.loc,
                 "Unknown argument \"" + arg.name.value + "\" on directive \"@" + name + "\"." +
                     did_you_mean(suggestion_list(arg.name.value, arg_names)));
        }
        check_unique_arguments(directive, site.doc);
        for (const auto& required : info.required) {
          const auto& [arg_name, arg_type] = required;
          bool given = std::any_of(
              directive.arguments.begin(), directive.arguments.end(),
              [&required](const ast::Argument& a) { return a.name.value == required.first; });
          if (!given) {
            report(site.doc, directive.loc,
                   "Directive \"@" + name + "\" argument \"" + arg_name + "\" of type \"" +
                       arg_type + "\" is required, but it was not provided.");
          }
        }
      }
    });
  }

  void check_unique_arguments(const ast::Directive& directive, std::size_t doc) {
    const auto& args = directive.arguments;
    std::vector<std::string_view> reported;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& name = args[i].name.value;
      if (std::find(reported.begin(), reported.end(), name) != reported.end()) continue;
      for (std::size_t j = i + 1; j < args.size(); ++j) {
        if (args[j].name.value != name) continue;
        report(doc, args[j].name.loc, "There can be only one argument named \"" + name + "\".");
        reported.push_back(name);
        break;
      }
    }
  }

  void possible_type_extensions() {
    std::unordered_map<std::string, const TypeDef*> defined;
    std::vector<std::string_view> names;
    for_each_type([&](const TypeDef& def, std::size_t) {
      if (def.extension) return;
      if (defined.count(def.name.value) == 0) names.push_back(def.name.value);
      defined[def.name.value] = &def;  // the last definition, as graphql-js
    });
    for_each_type([&](const TypeDef& ext, std::size_t doc) {
      if (!ext.extension) return;
      auto it = defined.find(ext.name.value);
      if (it == defined.end()) {
        report(doc, ext.name.loc,
               "Cannot extend type \"" + ext.name.value + "\" because it is not defined." +
                   did_you_mean(suggestion_list(ext.name.value, names)));
      } else if (it->second->kind != ext.kind) {
        report(doc, ext.loc,
               std::string("Cannot extend non-") + kind_names(ext.kind).word + " type \"" +
                   ext.name.value + "\".");
      }
    });
  }

  void unique_input_field_names_in(const ast::ValueNode& value, std::size_t doc) {
    if (value.kind == ast::ValueNode::Kind::list) {
      for (const ast::ValueNode& item : value.list)
        unique_input_field_names_in(item, doc);
      return;
    }
    if (value.kind != ast::ValueNode::Kind::object) return;
    std::unordered_set<std::string_view> seen;
    for (const ast::ObjectField& field : value.fields) {
      if (!seen.insert(field.name.value).second) {
        report(doc, field.name.loc,
               "There can be only one input field named \"" + field.name.value + "\".");
      }
      unique_input_field_names_in(field.value, doc);
    }
  }

  void unique_input_field_names() {
    for_each_directive_site(docs_, [&](const DirectiveSite& site) {
      for (const ast::Directive& directive : *site.directives) {
        for (const ast::Argument& arg : directive.arguments) {
          unique_input_field_names_in(arg.value, site.doc);
        }
      }
    });
    for_each_input_value_definition(docs_,
                                    [&](const ast::InputValueDefinition& value, std::size_t doc) {
                                      if (value.default_value)
                                        unique_input_field_names_in(*value.default_value, doc);
                                    });
  }

  const std::vector<SdlDocument>& docs_;
  std::vector<SourceError>& errors_;
  std::vector<Found> found_;
};

}  // namespace

std::string type_string(const ast::Type& type) {
  std::string out;
  switch (type.kind) {
    case ast::Type::Kind::named:
      return type.name;
    case ast::Type::Kind::list:
      out += '[';
      if (type.of) out += type_string(*type.of);
      out += ']';
      return out;
    case ast::Type::Kind::non_null:
      if (type.of) out += type_string(*type.of);
      out += '!';
      return out;
  }
  return out;
}

void for_each_directive_site(const std::vector<SdlDocument>& docs,
                             const std::function<void(const DirectiveSite&)>& fn) {
  using Group = DirectiveSite::Group;
  for (std::size_t doc = 0; doc < docs.size(); ++doc) {
    const ast::Document& document = docs[doc].document;
    for (const ast::SchemaDefinition& schema : document.schemas) {
      fn(DirectiveSite{&schema.directives, "SCHEMA", doc, Group::schema, {}});
    }
    for (const TypeDef& def : document.types) {
      fn(DirectiveSite{&def.directives, kind_names(def.kind).location, doc, Group::type,
                       def.name.value});
      for (const ast::FieldDefinition& field : def.fields) {
        fn(DirectiveSite{&field.directives, "FIELD_DEFINITION", doc, Group::none, {}});
        for (const ast::InputValueDefinition& arg : field.arguments) {
          fn(DirectiveSite{&arg.directives, "ARGUMENT_DEFINITION", doc, Group::none, {}});
        }
      }
      for (const ast::InputValueDefinition& field : def.input_fields) {
        fn(DirectiveSite{&field.directives, "INPUT_FIELD_DEFINITION", doc, Group::none, {}});
      }
      for (const ast::EnumValueDefinition& value : def.values) {
        fn(DirectiveSite{&value.directives, "ENUM_VALUE", doc, Group::none, {}});
      }
    }
    for (const ast::DirectiveDefinition& def : document.directives) {
      for (const ast::InputValueDefinition& arg : def.arguments) {
        fn(DirectiveSite{&arg.directives, "ARGUMENT_DEFINITION", doc, Group::none, {}});
      }
    }
  }
}

void for_each_input_value_definition(
    const std::vector<SdlDocument>& docs,
    const std::function<void(const ast::InputValueDefinition&, std::size_t doc)>& fn) {
  for (std::size_t doc = 0; doc < docs.size(); ++doc) {
    const ast::Document& document = docs[doc].document;
    for (const TypeDef& def : document.types) {
      for (const ast::FieldDefinition& field : def.fields) {
        for (const ast::InputValueDefinition& arg : field.arguments)
          fn(arg, doc);
      }
      for (const ast::InputValueDefinition& field : def.input_fields)
        fn(field, doc);
    }
    for (const ast::DirectiveDefinition& def : document.directives) {
      for (const ast::InputValueDefinition& arg : def.arguments)
        fn(arg, doc);
    }
  }
}

void check_sdl(const std::vector<SdlDocument>& docs, std::vector<SourceError>& errors) {
  SdlChecker(docs, errors).run();
}

}  // namespace stashql
